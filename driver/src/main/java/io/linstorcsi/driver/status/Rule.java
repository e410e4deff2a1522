package io.linstorcsi.driver.status;

import java.util.List;

/**
 * One health rule: a pure function from LINSTOR's records to findings. Each rule looks at one kind
 * of trouble so that it can be tested alone on hand-built records.
 */
sealed interface Rule
    permits NodeRule,
        PoolRule,
        ReplicaRule,
        ConnectionRule,
        DataAccessRule,
        ResyncRule,
        QuorumRule,
        TieBreakerRule,
        ReplicaCountRule,
        BackupRule {
  List<Finding> check(ClusterSnapshot snapshot, RuleSettings settings);
}
