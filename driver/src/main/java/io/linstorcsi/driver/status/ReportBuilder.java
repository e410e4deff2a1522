package io.linstorcsi.driver.status;

import io.linstorcsi.linstor.error.ApiCallRc;
import io.linstorcsi.linstor.model.Node;
import io.linstorcsi.linstor.model.StoragePool;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Turns one snapshot and its findings into the rows both renderers show. Pure. */
final class ReportBuilder {
  private ReportBuilder() {}

  static StatusReport build(
      List<String> endpoints,
      ClusterSnapshot snapshot,
      List<Finding> findings,
      RuleSettings settings,
      List<String> notes) {
    int errors = (int) findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
    return new StatusReport(
        findings.isEmpty(),
        endpoints,
        new StatusReport.Summary(errors, findings.size() - errors),
        nodes(snapshot),
        pools(snapshot, settings),
        replicas(snapshot),
        BackupSection.build(snapshot, settings),
        findings,
        notes);
  }

  private static List<StatusReport.NodeRow> nodes(ClusterSnapshot snapshot) {
    return snapshot.nodes().stream()
        .sorted(Comparator.comparing(Node::name))
        .map(
            n ->
                new StatusReport.NodeRow(
                    n.name(),
                    n.type(),
                    n.connectionStatus(),
                    n.flags(),
                    n.evictionTimestamp() == null
                        ? null
                        : Instant.ofEpochMilli(n.evictionTimestamp())
                            .truncatedTo(ChronoUnit.SECONDS)
                            .toString()))
        .toList();
  }

  private static List<StatusReport.PoolRow> pools(ClusterSnapshot snapshot, RuleSettings s) {
    return snapshot.storagePools().stream()
        .sorted(
            Comparator.comparing(StoragePool::nodeName).thenComparing(StoragePool::storagePoolName))
        .map(
            p -> {
              Double used = PoolRule.usedPercent(p);
              boolean capacity = used != null;
              return new StatusReport.PoolRow(
                  p.nodeName(),
                  p.storagePoolName(),
                  p.providerKind(),
                  capacity ? p.freeCapacity() : null,
                  capacity ? p.totalCapacity() : null,
                  capacity ? Math.round(used * 10) / 10.0 : null,
                  capacity && used >= s.poolFullPercent(),
                  p.reports().stream()
                      .filter(r -> r.isError() || r.isWarning())
                      .map(ApiCallRc::message)
                      .toList());
            })
        .toList();
  }

  private static List<StatusReport.ReplicaRow> replicas(ClusterSnapshot snapshot) {
    List<StatusReport.ReplicaRow> out = new ArrayList<>();
    snapshot.replicasByResource().entrySet().stream()
        .sorted(java.util.Map.Entry.comparingByKey())
        .forEach(
            e ->
                e.getValue().stream()
                    .sorted(Comparator.comparing(Replica::node))
                    .forEach(r -> out.add(row(r))));
    return out;
  }

  private static StatusReport.ReplicaRow row(Replica r) {
    String kind = r.tieBreaker() ? "tie-breaker" : r.intendedDiskless() ? "diskless" : "diskful";
    return new StatusReport.ReplicaRow(
        r.resource(),
        r.node(),
        r.role(),
        r.inUse(),
        kind,
        r.reporting(),
        r.disks().stream()
            .map(d -> new StatusReport.VolumeRow(d.volume(), d.state(), r.normal(d.state())))
            .toList(),
        r.peers().stream()
            .map(p -> new StatusReport.ConnectionRow(p.node(), p.state(), p.connected()))
            .toList());
  }
}
