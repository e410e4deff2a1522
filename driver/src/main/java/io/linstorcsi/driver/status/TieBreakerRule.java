package io.linstorcsi.driver.status;

import io.linstorcsi.linstor.model.ResourceDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Replicated resources that DRBD cannot protect against split brain. Only quorum stops a second
 * Primary while the replicas cannot reach each other, and quorum needs a majority of at least three
 * DRBD nodes: two diskful replicas need a third node for a diskless tie-breaker. LINSTOR adds one
 * by itself ({@code DrbdOptions/auto-add-quorum-tiebreaker}) when a node can take it, and otherwise
 * sets {@code DrbdOptions/Resource/quorum} to off on the resource definition and answers its spawn
 * with "Could not find suitable node to automatically create a tie breaking resource"
 * (linstor-drbd-recordings, README "Quorum and tie-breaker"). With two nodes, DRBD let the
 * disconnected Secondary report may_promote while the other side was still Primary (05-link-cut).
 */
final class TieBreakerRule implements Rule {
  static final String QUORUM_PROP = "DrbdOptions/Resource/quorum";

  @Override
  public List<Finding> check(ClusterSnapshot snapshot, RuleSettings settings) {
    Map<String, ResourceDefinition> definitions =
        snapshot.definitions().stream()
            .collect(Collectors.toMap(ResourceDefinition::name, Function.identity(), (a, b) -> a));
    List<Finding> out = new ArrayList<>();
    snapshot
        .replicasByResource()
        .forEach(
            (resource, replicas) -> {
              List<Replica> drbd =
                  replicas.stream().filter(r -> r.drbd() && !r.deleting()).toList();
              long diskful = drbd.stream().filter(Replica::diskful).count();
              if (diskful < 2) {
                return; // a single copy has nothing to diverge from
              }
              ResourceDefinition rd = definitions.get(resource);
              String quorum = rd == null ? null : rd.props().get(QUORUM_PROP);
              if (drbd.size() < 3) {
                out.add(tooFewNodes(resource, drbd));
              } else if ("off".equalsIgnoreCase(quorum)) {
                out.add(quorumOff(resource));
              }
            });
    return out;
  }

  private static Finding tooFewNodes(String resource, List<Replica> drbd) {
    String nodes = drbd.stream().map(Replica::node).sorted().collect(Collectors.joining(" and "));
    return Finding.forResource(
        Severity.WARNING,
        resource,
        "no quorum possible: "
            + drbd.size()
            + " replicas ("
            + nodes
            + ") and no tie-breaker; only quorum prevents a split brain during a network"
            + " partition",
        "add a third LINSTOR satellite (it may have no storage): LINSTOR then places a diskless"
            + " tie-breaker and turns quorum on; or place a third replica"
            + " (linstor resource-definition auto-place "
            + resource
            + " --place-count 3)");
  }

  private static Finding quorumOff(String resource) {
    return Finding.forResource(
        Severity.WARNING,
        resource,
        QUORUM_PROP + " is off: nothing prevents a split brain during a network partition",
        "set it back to majority: linstor resource-definition drbd-options --quorum majority "
            + resource);
  }
}
