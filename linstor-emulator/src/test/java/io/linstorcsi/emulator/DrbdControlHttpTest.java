package io.linstorcsi.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The DRBD control endpoints under {@code /emulator/...}, as a test in another module uses them.
 */
class DrbdControlHttpTest {
  private LinstorEmulator emu;
  private Rest rest;

  @BeforeEach
  void start() {
    emu =
        LinstorEmulator.builder()
            .nodes("drbd-a", "drbd-b")
            .storagePool("drbdpool", "FILE_THIN", 4L << 20)
            .build()
            .start();
    rest = new Rest(emu);
    assertThat(ok("/emulator/drbd/sync-policy", "{\"mode\":\"manual\"}")).isTrue();
    rest.definition("rec-a", 102400);
    rest.autoplace("rec-a", "{\"place_count\":2}");
  }

  @AfterEach
  void stop() {
    emu.close();
  }

  private boolean ok(String path, String body) {
    Http.Response r = rest.http.post(path, body);
    assertThat(r.status()).as("%s %s", path, r.body()).isEqualTo(200);
    return r.body().path("ok").asBoolean();
  }

  private JsonNode state(String rd, String node) {
    Http.Response r = rest.http.get("/emulator/drbd/" + rd + "/" + node);
    assertThat(r.status()).isEqualTo(200);
    return r.body();
  }

  @Test
  void syncAdvanceAndComplete() {
    assertThat(state("rec-a", "drbd-b").path("disk_state").asText()).isEqualTo("Inconsistent");
    assertThat(state("rec-a", "drbd-b").path("sync_percent").asDouble()).isZero();
    ok("/emulator/drbd/rec-a/sync-advance", "{\"percent\":30,\"node\":\"drbd-b\"}");
    assertThat(state("rec-a", "drbd-b").path("disk_state").asText())
        .isEqualTo("SyncTarget(30.00%)");
    ok("/emulator/drbd/rec-a/sync-complete", null);
    JsonNode b = state("rec-a", "drbd-b");
    assertThat(b.path("disk_state").asText()).isEqualTo("UpToDate");
    assertThat(b.path("sync_percent").isNull()).isTrue();
    assertThat(b.path("connections").path("drbd-a").asText()).isEqualTo("Connected");
  }

  @Test
  void timedPolicy_needsARate() {
    Http.Response r = rest.http.post("/emulator/drbd/sync-policy", "{\"mode\":\"timed\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().path("error").asText()).contains("kib_per_second");
    assertThat(ok("/emulator/drbd/sync-policy", "{\"mode\":\"timed\",\"kib_per_second\":102400}"))
        .isTrue();
  }

  @Test
  void linkCutWriteAndRestore() {
    ok("/emulator/drbd/rec-a/sync-complete", null);
    ok("/emulator/drbd/rec-a/drbd-a/in-use", "{\"in_use\":true}");
    ok("/emulator/nodes/drbd-a/link-cut", null);
    assertThat(state("rec-a", "drbd-b").path("connections").path("drbd-a").asText())
        .isEqualTo("Connecting");
    ok("/emulator/drbd/rec-a/drbd-a/write", "{\"kib\":24576}");
    ok("/emulator/nodes/drbd-a/link-restore", null);
    assertThat(state("rec-a", "drbd-b").path("disk_state").asText()).isEqualTo("Inconsistent");
    ok("/emulator/drbd/rec-a/sync-complete", null);
    assertThat(state("rec-a", "drbd-b").path("disk_state").asText()).isEqualTo("UpToDate");
  }

  @Test
  void writeWithoutReachableData_isConflict() {
    ok("/emulator/drbd/rec-a/sync-complete", null);
    ok("/emulator/drbd/rec-a/drbd-a/down", null);
    ok("/emulator/drbd/rec-a/drbd-b/disk-state", "{\"state\":\"Inconsistent\"}");
    Http.Response r = rest.http.post("/emulator/drbd/rec-a/drbd-b/write", "{\"kib\":4}");
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.body().path("error").asText()).contains("I/O error");
    assertThat(state("rec-a", "drbd-b").path("io_possible").asBoolean()).isFalse();
  }

  @Test
  void adminDisconnectConnectDownUp() {
    ok("/emulator/drbd/rec-a/sync-complete", null);
    ok("/emulator/drbd/rec-a/drbd-a/in-use", "{\"in_use\":true}");
    ok("/emulator/drbd/rec-a/drbd-a/disconnect", null);
    assertThat(state("rec-a", "drbd-a").path("connections").path("drbd-b").asText())
        .isEqualTo("StandAlone");
    assertThat(state("rec-a", "drbd-b").path("disk_state").asText()).isEqualTo("Outdated");
    ok("/emulator/drbd/rec-a/drbd-a/connect", null);
    assertThat(state("rec-a", "drbd-b").path("disk_state").asText()).isEqualTo("UpToDate");

    ok("/emulator/drbd/rec-a/drbd-b/down", null);
    assertThat(state("rec-a", "drbd-a").path("connections").path("drbd-b").asText())
        .isEqualTo("Connecting");
    ok("/emulator/drbd/rec-a/drbd-b/up", null);
    assertThat(state("rec-a", "drbd-a").path("connections").path("drbd-b").asText())
        .isEqualTo("Connected");
  }

  @Test
  void unknownReplica_isBadRequest() {
    Http.Response r = rest.http.get("/emulator/drbd/rec-a/drbd-x");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().path("error").asText()).contains("drbd-x");
  }
}
