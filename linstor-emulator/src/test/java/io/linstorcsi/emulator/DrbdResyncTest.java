package io.linstorcsi.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.linstorcsi.emulator.state.SyncPolicy;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The initial resync of new DRBD replicas as LINSTOR 1.33.3 with DRBD 9 does it (recorded in
 * linstor-drbd-recordings 02 and 08): the first replica is UpToDate at once, every other one is
 * Inconsistent, then SyncTarget(n%), then UpToDate; seen over REST and through {@link DrbdControl}.
 */
class DrbdResyncTest {
  private LinstorEmulator emu;
  private Rest rest;

  private void start(SyncPolicy policy, String providerKind) {
    start(LinstorEmulator.builder().syncPolicy(policy), providerKind);
  }

  private void start(LinstorEmulator.Builder builder, String providerKind) {
    emu =
        builder
            .nodes("drbd-a", "drbd-b")
            .storagePool("drbdpool", providerKind, 4L << 20)
            .build()
            .start();
    rest = new Rest(emu);
  }

  @AfterEach
  void stop() {
    if (emu != null) {
      emu.close();
    }
  }

  private static JsonNode viewVolume(Rest rest, String rd, String node) {
    for (JsonNode r : rest.http.get("/v1/view/resources?resources=" + rd).body()) {
      if (r.path("node_name").asText().equals(node)) {
        return r.path("volumes").get(0);
      }
    }
    throw new AssertionError("no resource " + rd + " on " + node);
  }

  @Test
  void spawnOfTwoReplicas_secondIsSyncTargetUntilTheResyncIsAdvancedToTheEnd() {
    start(SyncPolicy.MANUAL, "FILE_THIN");
    rest.definition("rec-a", 524288);
    assertThat(rest.autoplace("rec-a", "{\"place_count\":2}").status()).isEqualTo(201);

    JsonNode a = viewVolume(rest, "rec-a", "drbd-a");
    JsonNode b = viewVolume(rest, "rec-a", "drbd-b");
    assertThat(a.path("state").path("disk_state").asText()).isEqualTo("UpToDate");
    assertThat(b.path("state").path("disk_state").asText()).isEqualTo("Inconsistent");
    JsonNode source = a.path("state").path("replication_states").path("drbd-b");
    assertThat(source.path("replication_state").asText()).isEqualTo("SyncSource");
    assertThat(source.path("done_percentage").asDouble()).isEqualTo(0.0);
    assertThat(
            b.path("state")
                .path("replication_states")
                .path("drbd-a")
                .path("replication_state")
                .asText())
        .isEqualTo("SyncTarget");
    assertThat(emu.drbd().state("rec-a", "drbd-b").syncPercent()).isEqualTo(0.0);

    emu.drbd().advanceSync("rec-a", 44.14);
    b = viewVolume(rest, "rec-a", "drbd-b");
    assertThat(b.path("state").path("disk_state").asText()).isEqualTo("SyncTarget(44.14%)");
    assertThat(
            b.path("state")
                .path("replication_states")
                .path("drbd-a")
                .path("done_percentage")
                .asDouble())
        .isCloseTo(44.14, org.assertj.core.data.Offset.offset(0.001));
    // the resource-level state and the connections do not change during a resync (recorded)
    JsonNode rscB = rest.resource("rec-a", "drbd-b");
    assertThat(rscB.path("layer_object").path("drbd").path("connections").toString())
        .isEqualTo("{\"drbd-a\":{\"connected\":true,\"message\":\"Connected\"}}");
    assertThat(rscB.path("layer_object").path("drbd").path("promotion_score").asInt())
        .isEqualTo(10001);

    emu.drbd().completeSync("rec-a");
    b = viewVolume(rest, "rec-a", "drbd-b");
    assertThat(b.path("state").path("disk_state").asText()).isEqualTo("UpToDate");
    assertThat(b.path("state").path("replication_states").toString())
        .isEqualTo("{\"drbd-a\":{\"replication_state\":\"Established\"}}");
    assertThat(emu.drbd().state("rec-a", "drbd-b").syncPercent()).isNull();
  }

  @Test
  void theFirstReplicaWinsTheUpToDateRace_recordedInTheVolumeDefinition() {
    start(SyncPolicy.MANUAL, "FILE_THIN");
    rest.definition("rec-a", 65536);
    rest.autoplace("rec-a", "{\"place_count\":2}");
    JsonNode vd = rest.http.get("/v1/resource-definitions/rec-a/volume-definitions/0").body();
    assertThat(vd.path("props").path("Linstor/Drbd/InitialUptoDateOn").asText())
        .isEqualTo("DRBD-A");
    assertThat(vd.path("flags").toString()).isEqualTo("[\"DRBD_INITIALIZED\"]");
  }

  @Test
  void replicaAddedLater_alsoResyncsItsFullSize() {
    start(SyncPolicy.MANUAL, "LVM_THIN");
    rest.definition("rec-b", 65536);
    assertThat(
            rest.autoplace("rec-b", "{\"place_count\":1,\"node_name_list\":[\"drbd-a\"]}").status())
        .isEqualTo(201);
    assertThat(emu.drbd().state("rec-b", "drbd-a").diskState()).isEqualTo("UpToDate");
    assertThat(rest.autoplace("rec-b", "{}").status()).isEqualTo(201);

    assertThat(emu.drbd().state("rec-b", "drbd-b").diskState()).isEqualTo("Inconsistent");
    emu.drbd().advanceSync("rec-b", "drbd-b", 50);
    assertThat(emu.drbd().state("rec-b", "drbd-b").diskState()).isEqualTo("SyncTarget(50.00%)");
    emu.drbd().advanceSync("rec-b", "drbd-b", 50);
    assertThat(emu.drbd().state("rec-b", "drbd-b").diskState()).isEqualTo("UpToDate");
  }

  @Test
  void thickPool_newReplicaResyncsToo() {
    start(SyncPolicy.MANUAL, "LVM");
    rest.definition("thick", 65536);
    rest.autoplace("thick", "{\"place_count\":2}");
    assertThat(emu.drbd().state("thick", "drbd-b").diskState()).isEqualTo("Inconsistent");
    emu.drbd().completeSync("thick");
    assertThat(emu.drbd().state("thick", "drbd-b").diskState()).isEqualTo("UpToDate");
  }

  @Test
  void instantPolicy_isTheDefault_replicasAreUpToDateAtOnce() {
    start(LinstorEmulator.builder(), "FILE_THIN");
    rest.definition("fast", 65536);
    rest.autoplace("fast", "{\"place_count\":2}");
    assertThat(viewVolume(rest, "fast", "drbd-b").path("state").path("disk_state").asText())
        .isEqualTo("UpToDate");
  }

  @Test
  void timedPolicy_copiesAtItsRateOnTheGivenClock() {
    AtomicLong nanos = new AtomicLong();
    start(
        LinstorEmulator.builder().syncPolicy(SyncPolicy.timed(1024)).syncClock(nanos::get),
        "FILE_THIN");
    rest.definition("slow", 10240); // 10 MiB at 1 MiB/s: 10 s
    rest.autoplace("slow", "{\"place_count\":2}");
    assertThat(emu.drbd().state("slow", "drbd-b").diskState()).isEqualTo("Inconsistent");
    nanos.addAndGet(2_500_000_000L);
    assertThat(viewVolume(rest, "slow", "drbd-b").path("state").path("disk_state").asText())
        .isEqualTo("SyncTarget(25.00%)");
    nanos.addAndGet(10_000_000_000L);
    assertThat(emu.drbd().state("slow", "drbd-b").diskState()).isEqualTo("UpToDate");
  }

  @Test
  void switchingToInstant_finishesRunningResyncs() {
    start(SyncPolicy.MANUAL, "FILE_THIN");
    rest.definition("rec-a", 65536);
    rest.autoplace("rec-a", "{\"place_count\":2}");
    assertThat(emu.drbd().state("rec-a", "drbd-b").diskState()).isEqualTo("Inconsistent");
    emu.drbd().syncPolicy(SyncPolicy.INSTANT);
    assertThat(emu.drbd().state("rec-a", "drbd-b").diskState()).isEqualTo("UpToDate");
  }
}
