package io.linstorcsi.driver.status;

import io.linstorcsi.driver.status.BackupInventory.Backup;
import io.linstorcsi.driver.status.BackupInventory.Shipment;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;

/** The backups part of the report, rows for both renderers. Pure. */
final class BackupSection {
  private BackupSection() {}

  /** Null when LINSTOR has no remote: the section is left out. */
  static StatusReport.Backups build(ClusterSnapshot snapshot, RuleSettings settings) {
    BackupInventory inv = snapshot.backups();
    if (inv.remotes().isEmpty()) {
      return null;
    }
    return new StatusReport.Backups(
        inv.remotes().stream()
            .sorted(Comparator.comparing(BackupInventory.Remote::name))
            .map(r -> new StatusReport.RemoteRow(r.name(), r.kind().name(), r.target(), r.bucket()))
            .toList(),
        inv.shipments().stream()
            .sorted(Comparator.comparing(Shipment::resource).thenComparing(Shipment::snapshot))
            .map(s -> shipment(s, settings.now()))
            .toList(),
        inv.backups().stream()
            .filter(b -> b.failed() && !NewestBackups.superseded(b, inv))
            .sorted(Comparator.comparing(Backup::resource).thenComparing(Backup::snapshot))
            .map(BackupSection::failed)
            .toList(),
        NewestBackups.of(snapshot, settings.now()).stream()
            .map(v -> volume(v, settings.backupAgeThreshold()))
            .toList());
  }

  private static StatusReport.ShipmentRow shipment(Shipment s, Instant now) {
    return new StatusReport.ShipmentRow(
        s.resource(),
        s.snapshot(),
        s.remote(),
        s.node(),
        s.running() ? "running" : "queued",
        s.incremental(),
        iso(s.startMillis()),
        s.startMillis() == null
            ? null
            : Math.max(
                0, Duration.between(Instant.ofEpochMilli(s.startMillis()), now).toSeconds()));
  }

  private static StatusReport.FailedRow failed(Backup b) {
    return new StatusReport.FailedRow(
        b.resource(),
        b.snapshot(),
        b.remote(),
        iso(b.startMillis()),
        b.failMessages() == null || b.failMessages().isBlank() ? null : b.failMessages().strip());
  }

  private static StatusReport.VolumeBackupRow volume(
      NewestBackups.VolumeBackup v, Duration threshold) {
    Backup b = v.newest();
    if (b == null) {
      return new StatusReport.VolumeBackupRow(v.resource(), null, null, null, null, null, false);
    }
    return new StatusReport.VolumeBackupRow(
        v.resource(),
        b.remote(),
        b.snapshot(),
        b.id(),
        iso(b.finishedMillis()),
        v.age().toSeconds(),
        threshold != null && v.age().compareTo(threshold) > 0);
  }

  static String iso(Long epochMillis) {
    return epochMillis == null
        ? null
        : Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
