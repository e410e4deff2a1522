package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** Body of {@code PUT /v1/resource-definitions/{rd}}. */
public record ResourceDefinitionModify(
    @JsonProperty("override_props") Map<String, String> overrideProps,
    @JsonProperty("delete_props") List<String> deleteProps,
    @JsonProperty("delete_namespaces") List<String> deleteNamespaces,
    @JsonProperty("drbd_port") Integer drbdPort,
    @JsonProperty("drbd_peer_slots") Integer drbdPeerSlots,
    @JsonProperty("layer_stack") List<String> layerStack,
    @JsonProperty("resource_group") String resourceGroup) {

  public ResourceDefinitionModify {
    overrideProps = Copies.map(overrideProps);
    deleteProps = Copies.list(deleteProps);
    deleteNamespaces = Copies.list(deleteNamespaces);
    layerStack = Copies.list(layerStack);
  }

  public static ResourceDefinitionModify props(Map<String, String> set, List<String> delete) {
    return new ResourceDefinitionModify(set, delete, null, null, null, null, null);
  }
}
