package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The part of a snapshot that lives on one node; {@code create_timestamp} is epoch ms. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SnapshotNode(
    @JsonProperty("snapshot_name") String snapshotName,
    @JsonProperty("node_name") String nodeName,
    @JsonProperty("create_timestamp") Long createTimestamp,
    @JsonProperty("flags") List<String> flags,
    @JsonProperty("uuid") String uuid,
    @JsonProperty("snapshot_props") Map<String, String> snapshotProps,
    @JsonProperty("resource_props") Map<String, String> resourceProps,
    @JsonProperty("snapshot_volumes") List<SnapshotVolumeNode> snapshotVolumes) {

  public SnapshotNode {
    flags = Copies.list(flags);
    snapshotProps = Copies.map(snapshotProps);
    resourceProps = Copies.map(resourceProps);
    snapshotVolumes = Copies.list(snapshotVolumes);
  }
}
