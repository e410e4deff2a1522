package io.linstorcsi.driver.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Everything the command shows, in the shape of the JSON document; the table shows the same. Field
 * names are part of the command's interface: scripts read {@code healthy} and {@code problems}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "healthy",
  "endpoints",
  "summary",
  "nodes",
  "storagePools",
  "resources",
  "backups",
  "problems",
  "notes"
})
record StatusReport(
    boolean healthy,
    List<String> endpoints,
    Summary summary,
    List<NodeRow> nodes,
    List<PoolRow> storagePools,
    List<ReplicaRow> resources,
    Backups backups,
    List<Finding> problems,
    List<String> notes) {

  StatusReport {
    endpoints = List.copyOf(endpoints);
    nodes = List.copyOf(nodes);
    storagePools = List.copyOf(storagePools);
    resources = List.copyOf(resources);
    problems = List.copyOf(problems);
    notes = List.copyOf(notes);
  }

  record Summary(int errors, int warnings) {}

  /** A node; {@code evictionTime} is ISO-8601 UTC, present while an eviction is planned. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record NodeRow(
      String name, String type, String connectionStatus, List<String> flags, String evictionTime) {}

  /** Capacities in KiB; {@code usedPercent} is absent for pools without capacity (diskless). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record PoolRow(
      String node,
      String pool,
      String provider,
      Long freeKib,
      Long totalKib,
      Double usedPercent,
      boolean overThreshold,
      List<String> errors) {}

  /**
   * One resource on one node. {@code role} is Primary, Secondary, Unknown (nothing reported) or "-"
   * (no DRBD layer); {@code inUse} is absent when unknown.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ReplicaRow(
      String resource,
      String node,
      String role,
      Boolean inUse,
      String kind,
      boolean reporting,
      List<VolumeRow> volumes,
      List<ConnectionRow> connections) {}

  record VolumeRow(int volume, String diskState, boolean normal) {}

  record ConnectionRow(String peer, String state, boolean connected) {}

  /**
   * Off-cluster backups; absent from the document when LINSTOR has no remote. Times are ISO-8601
   * UTC, ages in whole seconds.
   */
  record Backups(
      List<RemoteRow> remotes,
      List<ShipmentRow> shipments,
      List<FailedRow> failed,
      List<VolumeBackupRow> volumes) {
    Backups {
      remotes = List.copyOf(remotes);
      shipments = List.copyOf(shipments);
      failed = List.copyOf(failed);
      volumes = List.copyOf(volumes);
    }
  }

  /** A remote: {@code target} is the S3 endpoint or the other LINSTOR's URL; never its keys. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record RemoteRow(String name, String type, String target, String bucket) {}

  /**
   * {@code state} is running or queued; {@code elapsedSeconds} since LINSTOR queued or started it.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ShipmentRow(
      String resource,
      String snapshot,
      String remote,
      String node,
      String state,
      boolean incremental,
      String started,
      Long elapsedSeconds) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record FailedRow(
      String resource, String snapshot, String remote, String started, String reason) {}

  /** A volume and its newest complete backup; the backup fields are absent when it has none. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record VolumeBackupRow(
      String resource,
      String remote,
      String snapshot,
      String backupId,
      String finished,
      Long ageSeconds,
      boolean overThreshold) {}

  /** The report when LINSTOR could not be read; the same fields, empty, plus the failure. */
  static StatusReport unreachable(List<String> endpoints, String message) {
    return new StatusReport(
        false,
        endpoints,
        new Summary(1, 0),
        List.of(),
        List.of(),
        List.of(),
        null,
        List.of(
            new Finding(
                Severity.ERROR,
                "LINSTOR controller",
                message,
                "check --linstor-endpoint (or LS_CONTROLLERS), that the controller runs and that"
                    + " this host can reach it",
                null,
                null,
                null)),
        List.of());
  }
}
