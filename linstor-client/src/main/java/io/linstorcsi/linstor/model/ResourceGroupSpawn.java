package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /v1/resource-groups/{rg}/spawn}: creates a resource definition with one
 * volume definition per size (KiB) and, unless {@code definitions_only}, places it.
 */
public record ResourceGroupSpawn(
    @JsonProperty("resource_definition_name") String resourceDefinitionName,
    @JsonProperty("resource_definition_external_name") String resourceDefinitionExternalName,
    @JsonProperty("volume_sizes") List<Long> volumeSizes,
    @JsonProperty("select_filter") SelectFilter selectFilter,
    @JsonProperty("partial") Boolean partial,
    @JsonProperty("definitions_only") Boolean definitionsOnly,
    @JsonProperty("peer_slots") Integer peerSlots,
    @JsonProperty("resource_definition_props") Map<String, String> resourceDefinitionProps) {

  public ResourceGroupSpawn {
    volumeSizes = Copies.list(volumeSizes);
    resourceDefinitionProps = Copies.map(resourceDefinitionProps);
  }

  public static ResourceGroupSpawn of(
      String name, List<Long> volumeSizesKib, boolean definitionsOnly) {
    return new ResourceGroupSpawn(
        name, null, volumeSizesKib, null, null, definitionsOnly, null, null);
  }
}
