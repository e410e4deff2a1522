package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** Number and size (KiB) of one volume at the time the snapshot was taken. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SnapshotVolumeDefinition(
    @JsonProperty("volume_number") Integer volumeNumber,
    @JsonProperty("size_kib") Long sizeKib,
    @JsonProperty("snapshot_volume_definition_props")
        Map<String, String> snapshotVolumeDefinitionProps,
    @JsonProperty("volume_definition_props") Map<String, String> volumeDefinitionProps) {

  public SnapshotVolumeDefinition {
    snapshotVolumeDefinitionProps = Copies.map(snapshotVolumeDefinitionProps);
    volumeDefinitionProps = Copies.map(volumeDefinitionProps);
  }
}
