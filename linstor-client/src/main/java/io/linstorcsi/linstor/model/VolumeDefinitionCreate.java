package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of {@code POST /v1/resource-definitions/{rd}/volume-definitions}. */
public record VolumeDefinitionCreate(
    @JsonProperty("volume_definition") VolumeDefinition volumeDefinition,
    @JsonProperty("drbd_minor_number") Integer drbdMinorNumber) {

  public static VolumeDefinitionCreate of(VolumeDefinition volumeDefinition) {
    return new VolumeDefinitionCreate(volumeDefinition, null);
  }
}
