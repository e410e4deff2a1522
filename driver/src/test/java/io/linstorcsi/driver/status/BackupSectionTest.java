package io.linstorcsi.driver.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linstorcsi.driver.status.BackupInventory.Backup;
import io.linstorcsi.driver.status.BackupInventory.Kind;
import io.linstorcsi.driver.status.BackupInventory.Remote;
import io.linstorcsi.driver.status.BackupInventory.Shipment;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The backups part of the report, rendered as a table and as JSON, from hand-built records. */
class BackupSectionTest {
  static final long HOUR_MS = 3_600_000L;
  static final long NOW_MS = Fixture.NOW.toEpochMilli();

  static Fixture cluster() {
    Fixture f = Fixture.healthy();
    f.resource("pvc-2", "sc-3", "node-a", "node-b", "node-c");
    f.backups =
        new BackupInventory(
            List.of(
                new Remote("offsite", Kind.S3, "http://s3.example:9000", "backups"),
                new Remote("dr-site", Kind.LINSTOR, "http://dr.example:3370", null)),
            List.of(
                new Shipment("pvc-1", "snap-3", "offsite", "node-a", true, true, NOW_MS - 200_000),
                new Shipment("pvc-2", "snap-9", "dr-site", "node-b", false, false, NOW_MS - 5_000)),
            List.of(
                new Backup(
                    "offsite",
                    "pvc-1_back_20260228_100000^snap-2",
                    "pvc-1",
                    "snap-2",
                    NOW_MS - 27 * HOUR_MS,
                    NOW_MS - 26 * HOUR_MS - 600_000,
                    true,
                    null,
                    null),
                new Backup(
                    "offsite",
                    "pvc-2_back_20260301_110000^snap-8",
                    "pvc-2",
                    "snap-8",
                    NOW_MS - HOUR_MS,
                    null,
                    false,
                    "Access Denied",
                    null)),
            java.util.Map.of());
    return f;
  }

  static StatusReport report(Fixture f) {
    ClusterSnapshot s = f.snapshot();
    RuleSettings settings = new RuleSettings(90, Fixture.NOW, Duration.ofHours(26));
    return ReportBuilder.build(
        List.of("http://ctl:3370"), s, HealthRules.evaluate(s, settings), settings, List.of());
  }

  @Test
  void table_listsRemotesShipmentsFailuresAndNewestBackupPerVolume() {
    String out = new TableRenderer(new Palette(false)).render(report(cluster()));

    assertThat(out)
        .contains("BACKUP REMOTES")
        .containsPattern("dr-site\\s+LINSTOR\\s+http://dr.example:3370\\s+-")
        .containsPattern("offsite\\s+S3\\s+http://s3.example:9000\\s+backups")
        .contains("SHIPMENTS")
        .containsPattern("pvc-1\\s+snap-3\\s+offsite\\s+node-a\\s+running\\s+incremental\\s+3m20s")
        .containsPattern("pvc-2\\s+snap-9\\s+dr-site\\s+node-b\\s+queued\\s+full\\s+5s")
        .contains("FAILED SHIPMENTS")
        .containsPattern("pvc-2\\s+snap-8\\s+offsite\\s+2026-03-01T11:00:00Z\\s+Access Denied")
        .containsPattern("pvc-1\\s+snap-2\\s+offsite\\s+2026-02-28T09:50:00Z\\s+1d2h10m")
        .containsPattern("pvc-2\\s+none\\s+-\\s+-\\s+-")
        .contains(
            "WARNING  resource pvc-1: newest complete backup is 1d2h10m old (threshold 1d2h):"
                + " snapshot snap-2 on remote offsite; a shipment to offsite is running")
        .contains("WARNING  backup of pvc-2 to offsite: shipment of snapshot snap-8");
  }

  @Test
  void json_hasABackupsObject_withoutKeys() throws Exception {
    String json = JsonRenderer.render(report(cluster()), true);
    JsonNode b = new ObjectMapper().readTree(json).get("backups");

    assertThat(b.get("remotes")).hasSize(2);
    assertThat(b.at("/remotes/1/name").asText()).isEqualTo("offsite");
    assertThat(b.at("/remotes/1/type").asText()).isEqualTo("S3");
    assertThat(b.at("/remotes/1/bucket").asText()).isEqualTo("backups");
    assertThat(b.at("/remotes/0").has("bucket")).isFalse();
    assertThat(b.at("/shipments/0/state").asText()).isEqualTo("running");
    assertThat(b.at("/shipments/0/elapsedSeconds").asLong()).isEqualTo(200);
    assertThat(b.at("/shipments/1/state").asText()).isEqualTo("queued");
    assertThat(b.at("/failed/0/reason").asText()).isEqualTo("Access Denied");
    JsonNode pvc1 = b.at("/volumes/0");
    assertThat(pvc1.get("resource").asText()).isEqualTo("pvc-1");
    assertThat(pvc1.get("backupId").asText()).isEqualTo("pvc-1_back_20260228_100000^snap-2");
    assertThat(pvc1.get("ageSeconds").asLong()).isEqualTo(26 * 3600 + 600);
    assertThat(pvc1.get("overThreshold").asBoolean()).isTrue();
    assertThat(b.at("/volumes/1").has("backupId")).isFalse();
    assertThat(json).doesNotContainIgnoringCase("secret").doesNotContainIgnoringCase("access_key");
  }

  @Test
  void noRemote_noBackupSection() throws Exception {
    StatusReport r = report(Fixture.healthy());

    assertThat(new TableRenderer(new Palette(false)).render(r)).doesNotContain("BACKUP");
    assertThat(new ObjectMapper().readTree(JsonRenderer.render(r, true)).has("backups")).isFalse();
  }
}
