package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Body of the two restore calls: the target resource definition must exist; empty {@code nodes}
 * restores on every node that holds the snapshot.
 */
public record SnapshotRestore(
    @JsonProperty("to_resource") String toResource,
    @JsonProperty("nodes") List<String> nodes,
    @JsonProperty("stor_pool_rename") Map<String, String> storPoolRename) {

  public SnapshotRestore {
    nodes = Copies.list(nodes);
    storPoolRename = Copies.map(storPoolRename);
  }

  public static SnapshotRestore to(String toResource, List<String> nodes) {
    return new SnapshotRestore(toResource, nodes, null);
  }
}
