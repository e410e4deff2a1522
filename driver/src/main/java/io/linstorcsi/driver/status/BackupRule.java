package io.linstorcsi.driver.status;

import io.linstorcsi.driver.status.BackupInventory.Backup;
import io.linstorcsi.driver.status.BackupInventory.Shipment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Backups that cannot be relied on: a shipment that failed (and no later backup of the volume to
 * the same remote succeeded), and a volume whose newest complete backup is older than {@code
 * --backup-age-threshold}. Silent when LINSTOR has no remote: then nobody asked for backups.
 */
final class BackupRule implements Rule {
  @Override
  public List<Finding> check(ClusterSnapshot snapshot, RuleSettings settings) {
    BackupInventory inv = snapshot.backups();
    if (inv.remotes().isEmpty()) {
      return List.of();
    }
    List<Finding> out = new ArrayList<>();
    inv.unreadable()
        .forEach(
            (remote, why) ->
                out.add(
                    new Finding(
                        Severity.WARNING,
                        "remote " + remote,
                        "its backups cannot be listed: " + why,
                        "check that the S3 endpoint is reachable from the LINSTOR controller and"
                            + " accepts the remote's keys ('linstor backup list "
                            + remote
                            + "'); until then the age of its backups is unknown",
                        null,
                        null,
                        null)));
    for (Backup b : inv.backups()) {
      if (b.failed() && !NewestBackups.superseded(b, inv)) {
        out.add(failed(b));
      }
    }
    if (settings.backupAgeThreshold() != null) {
      for (NewestBackups.VolumeBackup v : NewestBackups.of(snapshot, settings.now())) {
        if (v.newest() != null && v.age().compareTo(settings.backupAgeThreshold()) > 0) {
          out.add(stale(v, running(inv, v.resource()), settings));
        }
      }
    }
    return out;
  }

  private static Finding failed(Backup b) {
    String why =
        b.failMessages() == null || b.failMessages().isBlank()
            ? "LINSTOR gives no reason"
            : b.failMessages().strip();
    String when =
        b.startMillis() == null ? "" : " (started " + Instant.ofEpochMilli(b.startMillis()) + ")";
    return Finding.forResource(
            Severity.WARNING,
            b.resource(),
            "shipment of snapshot "
                + b.snapshot()
                + " to remote "
                + b.remote()
                + " failed"
                + when
                + ": "
                + why,
            "check that remote "
                + b.remote()
                + " is reachable and accepts its credentials ('linstor remote list', the"
                + " satellite log), then take a new VolumeSnapshot of the volume; a failed backup"
                + " cannot be restored")
        .withObject("backup of " + b.resource() + " to " + b.remote());
  }

  private static Finding stale(
      NewestBackups.VolumeBackup v, Optional<Shipment> running, RuleSettings settings) {
    Backup b = v.newest();
    StringBuilder reason =
        new StringBuilder("newest complete backup is ")
            .append(Durations.format(v.age()))
            .append(" old (threshold ")
            .append(Durations.format(settings.backupAgeThreshold()))
            .append("): snapshot ")
            .append(b.snapshot())
            .append(" on remote ")
            .append(b.remote());
    running.ifPresent(
        s ->
            reason
                .append("; a shipment to ")
                .append(s.remote())
                .append(s.running() ? " is running" : " is queued"));
    String action =
        running.isPresent()
            ? "wait for the running shipment, and check it progresses ('linstor backup queue"
                + " list'); if it stays stuck, see the satellite log on its node"
            : "check that VolumeSnapshots of this volume are still taken with a class of type S3"
                + " or Linstor (backup schedule, CronJob) and that none failed";
    return Finding.forResource(Severity.WARNING, v.resource(), reason.toString(), action);
  }

  private static Optional<Shipment> running(BackupInventory inv, String resource) {
    return inv.shipments().stream().filter(s -> resource.equals(s.resource())).findFirst();
  }
}
