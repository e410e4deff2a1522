package io.linstorcsi.driver.status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Runs every rule and orders the findings: errors first, then by object. */
final class HealthRules {
  private static final List<Rule> RULES =
      List.of(
          new NodeRule(),
          new PoolRule(),
          new ReplicaRule(),
          new ConnectionRule(),
          new DataAccessRule(),
          new ResyncRule(),
          new QuorumRule(),
          new TieBreakerRule(),
          new ReplicaCountRule(),
          new BackupRule());

  private HealthRules() {}

  static List<Finding> evaluate(ClusterSnapshot snapshot, RuleSettings settings) {
    List<Finding> out = new ArrayList<>();
    for (Rule rule : RULES) {
      out.addAll(rule.check(snapshot, settings));
    }
    out.sort(Comparator.comparing(Finding::severity).thenComparing(Finding::object));
    return List.copyOf(out);
  }
}
