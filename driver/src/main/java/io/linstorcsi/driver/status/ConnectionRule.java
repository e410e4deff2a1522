package io.linstorcsi.driver.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * DRBD connections that are down between two replicas, once per pair. Connections towards a replica
 * whose node is offline are left to {@link ReplicaRule}, which already reports that replica.
 *
 * <p>StandAlone means DRBD dropped the connection and will not retry. LINSTOR's view tells one
 * cause apart: after {@code drbdadm disconnect} on a Primary the other side is Outdated
 * (linstor-drbd-recordings 09-outdated-down); and two disconnected Primaries are a split brain for
 * certain. Otherwise it is a split brain, or unrelated data (replicas that never shared DRBD
 * history, as after a restore or clone that built them one by one), or a disconnect on a Secondary:
 * DRBD writes which one only to the kernel log, so the finding names all three and the log lines
 * that decide.
 *
 * <p>A pair with a diskless Primary that has lost every peer with data is left to {@link
 * DataAccessRule}: that is an error, not an interrupted replication.
 */
final class ConnectionRule implements Rule {
  static final String STANDALONE_REASON =
      "StandAlone: split brain, unrelated data (replicas without shared history, e.g. after a"
          + " restore or clone) or a manual disconnect; LINSTOR's view cannot tell which";

  @Override
  public List<Finding> check(ClusterSnapshot snapshot, RuleSettings settings) {
    List<Finding> out = new ArrayList<>();
    snapshot
        .replicasByResource()
        .forEach((resource, replicas) -> out.addAll(check(resource, replicas)));
    return out;
  }

  private static List<Finding> check(String resource, List<Replica> replicas) {
    Set<String> judged =
        replicas.stream()
            .filter(r -> r.nodeOnline() && !r.deleting())
            .filter(r -> !DataAccessRule.cutOff(r, replicas))
            .map(Replica::node)
            .collect(Collectors.toSet());
    // "node-a|node-b" -> the worse of the two sides' states
    Map<String, String> downPairs = new TreeMap<>();
    for (Replica replica : replicas) {
      if (!judged.contains(replica.node())) {
        continue;
      }
      for (Replica.Peer peer : replica.peers()) {
        if (peer.connected() || !judged.contains(peer.node())) {
          continue;
        }
        String pair = pairKey(replica.node(), peer.node());
        downPairs.merge(pair, peer.state(), ConnectionRule::worse);
      }
    }
    List<Finding> out = new ArrayList<>();
    downPairs.forEach(
        (pair, state) -> {
          String[] nodes = pair.split("\\|", 2);
          out.add(finding(resource, side(replicas, nodes[0]), side(replicas, nodes[1]), state));
        });
    return out;
  }

  private static Finding finding(String resource, Replica a, Replica b, String state) {
    String object = "resource " + resource + " between " + a.node() + " and " + b.node();
    if (Replica.STANDALONE.equals(state)) {
      return standAlone(resource, object, a, b);
    }
    return new Finding(
        Severity.WARNING,
        object,
        state + ": the replicas cannot reach each other, replication between them is interrupted",
        "check the network between "
            + a.node()
            + " and "
            + b.node()
            + " (DRBD port, firewall) and both satellites; DRBD reconnects by itself",
        resource,
        null,
        null);
  }

  private static Finding standAlone(String resource, String object, Replica a, Replica b) {
    Optional<Replica> outdated = Stream.of(a, b).filter(ConnectionRule::outdated).findFirst();
    if (outdated.isPresent()) {
      Replica stale = outdated.get();
      Replica other = stale == a ? b : a;
      return new Finding(
          Severity.WARNING,
          object,
          "StandAlone: disconnected on purpose (drbdadm disconnect on "
              + other.node()
              + "), "
              + stale.node()
              + " is Outdated",
          "reconnect with 'drbdadm connect "
              + resource
              + "' on "
              + other.node()
              + "; "
              + stale.node()
              + " then resyncs the changed blocks",
          resource,
          null,
          null);
    }
    if (Boolean.TRUE.equals(a.inUse()) && Boolean.TRUE.equals(b.inUse())) {
      return new Finding(
          Severity.ERROR,
          object,
          "StandAlone with Primary on both sides: split brain, the two copies are diverging",
          "stop the workload on one side now, then recover as docs/split-brain.md describes",
          resource,
          null,
          null);
    }
    return new Finding(
        Severity.ERROR,
        object,
        STANDALONE_REASON,
        "do not promote or force anything; read the kernel log of "
            + a.node()
            + " and "
            + b.node()
            + ": 'Split-Brain detected' -> recover as docs/split-brain.md describes; 'Unrelated"
            + " data, aborting' -> the two copies were never one: keep the one the application"
            + " wrote, delete the other replica and let LINSTOR place it again so it syncs in full"
            + " (docs/split-brain.md, unrelated data); neither -> 'drbdadm connect "
            + resource
            + "' on the StandAlone side",
        resource,
        null,
        null);
  }

  private static boolean outdated(Replica replica) {
    return replica.disks().stream().anyMatch(d -> "Outdated".equals(d.state()));
  }

  private static Replica side(List<Replica> replicas, String node) {
    return replicas.stream().filter(r -> r.node().equals(node)).findFirst().orElseThrow();
  }

  private static String pairKey(String a, String b) {
    return a.compareTo(b) <= 0 ? a + "|" + b : b + "|" + a;
  }

  private static String worse(String x, String y) {
    return Replica.STANDALONE.equals(y) ? y : x;
  }
}
