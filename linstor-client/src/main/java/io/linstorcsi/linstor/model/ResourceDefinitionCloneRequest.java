package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** Body of {@code POST /v1/resource-definitions/{rd}/clone}. */
public record ResourceDefinitionCloneRequest(
    @JsonProperty("name") String name,
    @JsonProperty("external_name") String externalName,
    @JsonProperty("use_zfs_clone") Boolean useZfsClone,
    @JsonProperty("layer_list") List<String> layerList,
    @JsonProperty("resource_group") String resourceGroup,
    @JsonProperty("override_props") Map<String, String> overrideProps,
    @JsonProperty("delete_props") List<String> deleteProps,
    @JsonProperty("delete_namespaces") List<String> deleteNamespaces) {

  public ResourceDefinitionCloneRequest {
    layerList = Copies.list(layerList);
    overrideProps = Copies.map(overrideProps);
    deleteProps = Copies.list(deleteProps);
    deleteNamespaces = Copies.list(deleteNamespaces);
  }

  public static ResourceDefinitionCloneRequest of(String name, String resourceGroup) {
    return new ResourceDefinitionCloneRequest(
        name, null, null, null, resourceGroup, null, null, null);
  }
}
