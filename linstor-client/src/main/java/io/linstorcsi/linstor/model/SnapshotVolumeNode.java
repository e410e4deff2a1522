package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** One volume of a snapshot on one node. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SnapshotVolumeNode(
    @JsonProperty("uuid") String uuid,
    @JsonProperty("vlm_nr") Integer vlmNr,
    @JsonProperty("props") Map<String, String> props,
    @JsonProperty("snapshot_volume_props") Map<String, String> snapshotVolumeProps,
    @JsonProperty("volume_props") Map<String, String> volumeProps,
    @JsonProperty("state") String state) {

  public SnapshotVolumeNode {
    props = Copies.map(props);
    snapshotVolumeProps = Copies.map(snapshotVolumeProps);
    volumeProps = Copies.map(volumeProps);
  }
}
