package io.linstorcsi.driver.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A diskless Primary without a connected UpToDate peer: a diskless replica keeps no data of its
 * own, so every read and write of the application fails until a replica with data is reachable
 * again. DRBD reconnecting later does not undo the failed I/O (file systems abort their journal on
 * it), so this is an error, not an interrupted replication.
 */
final class DataAccessRule implements Rule {
  @Override
  public List<Finding> check(ClusterSnapshot snapshot, RuleSettings settings) {
    List<Finding> out = new ArrayList<>();
    snapshot
        .replicasByResource()
        .forEach(
            (resource, replicas) -> {
              for (Replica replica : replicas) {
                if (cutOff(replica, replicas)) {
                  out.add(finding(replica, replicas));
                }
              }
            });
    return out;
  }

  /** A diskless Primary with no connected peer that holds UpToDate data. */
  static boolean cutOff(Replica replica, List<Replica> replicas) {
    if (!replica.intendedDiskless()
        || !Boolean.TRUE.equals(replica.inUse())
        || replica.deleting()) {
      return false;
    }
    return replica.peers().stream()
        .filter(Replica.Peer::connected)
        .map(p -> find(replicas, p.node()))
        .flatMap(Optional::stream)
        .noneMatch(Replica::upToDate);
  }

  private static Finding finding(Replica replica, List<Replica> replicas) {
    List<String> withData =
        replicas.stream().filter(r -> r != replica && r.diskful()).map(Replica::node).toList();
    String peers = withData.isEmpty() ? "no replica with data" : String.join(", ", withData);
    return Finding.forReplica(
        Severity.ERROR,
        replica.resource(),
        replica.node(),
        "diskless Primary lost its only UpToDate peer ("
            + peers
            + "): I/O fails, the application has no access to its data",
        "restore the connection from "
            + replica.node()
            + " to "
            + peers
            + " (network, DRBD port, satellite) at once; then restart the workload, because its"
            + " file system has seen I/O errors (check it before trusting the data)");
  }

  private static Optional<Replica> find(List<Replica> replicas, String node) {
    return replicas.stream().filter(r -> r.node().equals(node)).findFirst();
  }
}
