package io.linstorcsi.driver.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * DRBD connections that are down between two replicas, once per pair. Connections towards a replica
 * whose node is offline are left to {@link ReplicaRule}, which already reports that replica.
 *
 * <p>StandAlone is reported as a possible split brain only: DRBD shows the same state after an
 * administrator's {@code drbdadm disconnect}, and LINSTOR's view carries nothing that tells the two
 * apart (the proof is a kernel log line on the nodes).
 */
final class ConnectionRule implements Rule {
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
          out.add(finding(resource, nodes[0], nodes[1], state));
        });
    return out;
  }

  private static Finding finding(String resource, String a, String b, String state) {
    String object = "resource " + resource + " between " + a + " and " + b;
    if (Replica.STANDALONE.equals(state)) {
      return new Finding(
          Severity.ERROR,
          object,
          "StandAlone: possible split brain; see docs/split-brain.md",
          "do not promote or force anything: check the kernel log of "
              + a
              + " and "
              + b
              + " for 'Split-Brain detected', then recover as docs/split-brain.md describes",
          resource,
          null,
          null);
    }
    return new Finding(
        Severity.WARNING,
        object,
        state + ": the replicas cannot reach each other, replication between them is interrupted",
        "check the network between "
            + a
            + " and "
            + b
            + " (DRBD port, firewall) and both satellites; DRBD reconnects by itself",
        resource,
        null,
        null);
  }

  private static String pairKey(String a, String b) {
    return a.compareTo(b) <= 0 ? a + "|" + b : b + "|" + a;
  }

  private static String worse(String x, String y) {
    return Replica.STANDALONE.equals(y) ? y : x;
  }
}
