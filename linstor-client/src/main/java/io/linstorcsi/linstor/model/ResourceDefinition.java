package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A resource definition. {@code resource_group_name} defaults to {@code DfltRscGrp}; {@code
 * volume_definitions} is filled only when listed with {@code with_volume_definitions}; {@code
 * flags} shows {@code DELETE} while a delete is in flight.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResourceDefinition(
    @JsonProperty("name") String name,
    @JsonProperty("external_name") String externalName,
    @JsonProperty("props") Map<String, String> props,
    @JsonProperty("flags") List<String> flags,
    @JsonProperty("layer_data") List<ResourceDefinitionLayer> layerData,
    @JsonProperty("uuid") String uuid,
    @JsonProperty("resource_group_name") String resourceGroupName,
    @JsonProperty("volume_definitions") List<VolumeDefinition> volumeDefinitions) {

  public ResourceDefinition {
    props = Copies.map(props);
    flags = Copies.list(flags);
    layerData = Copies.list(layerData);
    volumeDefinitions = Copies.list(volumeDefinitions);
  }

  /** The body of a create; null or empty values are left out on the wire. */
  public static ResourceDefinition of(
      String name, String resourceGroupName, Map<String, String> props, List<String> layers) {
    List<ResourceDefinitionLayer> layerData =
        layers == null ? null : layers.stream().map(ResourceDefinitionLayer::of).toList();
    return new ResourceDefinition(
        name, null, props, null, layerData, null, resourceGroupName, null);
  }
}
