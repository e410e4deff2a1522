package io.linstorcsi.driver.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Resources that nobody can use: every replica that reports says it may not be promoted while none
 * is Primary. DRBD refuses promotion without quorum or without reachable UpToDate data, so a pod
 * that needs the volume cannot start.
 */
final class QuorumRule implements Rule {
  @Override
  public List<Finding> check(ClusterSnapshot snapshot, RuleSettings settings) {
    List<Finding> out = new ArrayList<>();
    for (Map.Entry<String, List<Replica>> e : snapshot.replicasByResource().entrySet()) {
      List<Replica> reporting =
          e.getValue().stream().filter(r -> r.drbd() && r.reporting() && !r.deleting()).toList();
      boolean stuck =
          !reporting.isEmpty()
              && reporting.stream().noneMatch(r -> Boolean.TRUE.equals(r.inUse()))
              && reporting.stream().allMatch(r -> Boolean.FALSE.equals(r.mayPromote()));
      if (stuck) {
        out.add(
            Finding.forResource(
                Severity.ERROR,
                e.getKey(),
                "no quorum: no replica may become Primary, so the volume cannot be attached",
                "reconnect the replicas or bring their nodes back (see the other problems of this"
                    + " resource); DRBD regains quorum when a majority is connected"));
      }
    }
    return out;
  }
}
