package io.linstorcsi.driver.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.linstorcsi.driver.status.BackupInventory.Backup;
import io.linstorcsi.driver.status.BackupInventory.Kind;
import io.linstorcsi.driver.status.BackupInventory.Remote;
import io.linstorcsi.driver.status.BackupInventory.Shipment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupRuleTest {
  static final Remote S3 = new Remote("offsite", Kind.S3, "http://s3.example:9000", "backups");
  static final long HOUR_MS = 3_600_000L;
  static final long NOW_MS = Fixture.NOW.toEpochMilli();

  final List<Backup> backups = new ArrayList<>();
  final List<Shipment> shipments = new ArrayList<>();

  static Backup complete(String resource, String snapshot, long hoursAgo) {
    long finished = NOW_MS - hoursAgo * HOUR_MS;
    return new Backup(
        "offsite",
        resource + "^" + snapshot,
        resource,
        snapshot,
        finished - 60_000,
        finished,
        true,
        null,
        null);
  }

  static Backup failed(String resource, String snapshot, long hoursAgo, String why) {
    long start = NOW_MS - hoursAgo * HOUR_MS;
    return new Backup(
        "offsite", resource + "^" + snapshot, resource, snapshot, start, null, false, why, null);
  }

  List<Finding> check(Fixture f, Duration threshold) {
    f.backups = new BackupInventory(List.of(S3), shipments, backups, java.util.Map.of());
    return new BackupRule().check(f.snapshot(), new RuleSettings(90, Fixture.NOW, threshold));
  }

  @Test
  void recentBackup_isHealthy() {
    backups.add(complete("pvc-1", "snap-1", 3));

    assertThat(check(Fixture.healthy(), Duration.ofHours(26))).isEmpty();
  }

  @Test
  void newestBackupOlderThanTheThreshold_isAWarningNamingItsAgeAndRemote() {
    backups.add(complete("pvc-1", "snap-old", 80));
    backups.add(complete("pvc-1", "snap-newer", 30));

    List<Finding> findings = check(Fixture.healthy(), Duration.ofHours(26));

    assertThat(findings).hasSize(1);
    Finding f = findings.getFirst();
    assertThat(f.severity()).isEqualTo(Severity.WARNING);
    assertThat(f.object()).isEqualTo("resource pvc-1");
    assertThat(f.resource()).isEqualTo("pvc-1");
    assertThat(f.reason())
        .isEqualTo(
            "newest complete backup is 1d6h old (threshold 1d2h): snapshot snap-newer on remote"
                + " offsite");
    assertThat(f.action()).contains("VolumeSnapshots");
    assertThat(check(Fixture.healthy(), Duration.ofHours(31))).isEmpty();
  }

  @Test
  void thresholdOff_reportsNoAge() {
    backups.add(complete("pvc-1", "snap-old", 500));

    assertThat(check(Fixture.healthy(), null)).isEmpty();
  }

  @Test
  void staleVolumeWithAShipmentUnderWay_saysSoAndAsksToWatchIt() {
    backups.add(complete("pvc-1", "snap-old", 30));
    shipments.add(
        new Shipment("pvc-1", "snap-new", "offsite", "node-a", true, true, NOW_MS - 60_000));

    Finding f = check(Fixture.healthy(), Duration.ofHours(26)).getFirst();

    assertThat(f.reason()).endsWith("; a shipment to offsite is running");
    assertThat(f.action()).contains("linstor backup queue list");
  }

  @Test
  void backupsOfVolumesNoLongerInTheCluster_areNotAged() {
    backups.add(complete("pvc-gone", "snap-1", 900));

    assertThat(check(Fixture.healthy(), Duration.ofHours(26))).isEmpty();
  }

  @Test
  void failedShipment_isAWarningWithLinstorsReason() {
    backups.add(complete("pvc-1", "snap-1", 2));
    backups.add(failed("pvc-1", "snap-2", 1, "Access Denied (Service: S3, Status Code: 403)"));

    List<Finding> findings = check(Fixture.healthy(), Duration.ofHours(26));

    assertThat(findings).hasSize(1);
    Finding f = findings.getFirst();
    assertThat(f.severity()).isEqualTo(Severity.WARNING);
    assertThat(f.object()).isEqualTo("backup of pvc-1 to offsite");
    assertThat(f.resource()).isEqualTo("pvc-1");
    assertThat(f.reason())
        .startsWith("shipment of snapshot snap-2 to remote offsite failed (started ")
        .endsWith(": Access Denied (Service: S3, Status Code: 403)");
    assertThat(f.action()).contains("reachable", "credentials");
  }

  @Test
  void failedShipmentFollowedByASuccessfulOne_isNoLongerReported() {
    backups.add(failed("pvc-1", "snap-1", 5, "connection refused"));
    backups.add(complete("pvc-1", "snap-2", 1));

    assertThat(check(Fixture.healthy(), Duration.ofHours(26))).isEmpty();
  }

  @Test
  void remoteWhoseBackupsCannotBeListed_isAWarningNamingIt() {
    Fixture f = Fixture.healthy();
    f.backups =
        new BackupInventory(
            List.of(S3), List.of(), List.of(), java.util.Map.of("offsite", "connection refused"));

    List<Finding> findings =
        new BackupRule().check(f.snapshot(), new RuleSettings(90, Fixture.NOW));

    assertThat(findings).hasSize(1);
    assertThat(findings.getFirst().object()).isEqualTo("remote offsite");
    assertThat(findings.getFirst().reason())
        .isEqualTo("its backups cannot be listed: connection refused");
    assertThat(findings.getFirst().severity()).isEqualTo(Severity.WARNING);
  }

  @Test
  void noRemote_noBackupFindings() {
    Fixture f = Fixture.healthy();

    assertThat(new BackupRule().check(f.snapshot(), new RuleSettings(90, Fixture.NOW))).isEmpty();
  }

  @Test
  void newestBackupPerVolume_picksTheLatestFinishedAcrossRemotes() {
    Backup onOther =
        new Backup(
            "dr-site",
            "pvc-1^snap-3",
            "pvc-1",
            "snap-3",
            NOW_MS - 2 * HOUR_MS,
            NOW_MS - HOUR_MS,
            true,
            null,
            null);
    backups.add(complete("pvc-1", "snap-2", 5));
    backups.add(onOther);
    backups.add(failed("pvc-1", "snap-4", 0, "x"));
    Fixture f = Fixture.healthy();
    f.resource("pvc-2", "sc-3", "node-a", "node-b");
    f.backups =
        new BackupInventory(
            List.of(S3, new Remote("dr-site", Kind.LINSTOR, "http://dr:3370", null)),
            shipments,
            backups,
            java.util.Map.of());

    List<NewestBackups.VolumeBackup> volumes = NewestBackups.of(f.snapshot(), Fixture.NOW);

    assertThat(volumes)
        .extracting(NewestBackups.VolumeBackup::resource)
        .containsExactly("pvc-1", "pvc-2");
    assertThat(volumes.get(0).newest()).isEqualTo(onOther);
    assertThat(volumes.get(0).age()).isEqualTo(Duration.ofHours(1));
    assertThat(volumes.get(1).newest()).isNull();
    assertThat(volumes.get(1).everBackedUp()).isFalse();
  }
}
