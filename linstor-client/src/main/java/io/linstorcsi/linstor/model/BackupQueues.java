package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Shipments waiting for a node: grouped by node ({@code node_queues}) or by snapshot ({@code
 * snap_queues}, when asked with {@code snap_to_node}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupQueues(
    @JsonProperty("node_queues") List<NodeQueue> nodeQueues,
    @JsonProperty("snap_queues") List<SnapQueue> snapQueues) {

  public BackupQueues {
    nodeQueues = Copies.list(nodeQueues);
    snapQueues = Copies.list(snapQueues);
  }

  /** A node and the snapshots queued on it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record NodeQueue(
      @JsonProperty("node_name") String nodeName, @JsonProperty("queue") List<SnapQueue> queue) {
    public NodeQueue {
      queue = Copies.list(queue);
    }
  }

  /** A queued shipment of a snapshot, and the nodes it waits on. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SnapQueue(
      @JsonProperty("resource_name") String resourceName,
      @JsonProperty("snapshot_name") String snapshotName,
      @JsonProperty("remote_name") String remoteName,
      @JsonProperty("incremental") Boolean incremental,
      @JsonProperty("based_on") String basedOn,
      @JsonProperty("start_timestamp") Long startTimestamp,
      @JsonProperty("pref_node") String prefNode,
      @JsonProperty("queue") List<NodeQueue> queue) {
    public SnapQueue {
      queue = Copies.list(queue);
    }
  }
}
