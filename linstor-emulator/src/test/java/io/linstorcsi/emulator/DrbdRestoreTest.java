package io.linstorcsi.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.linstorcsi.emulator.DrbdControl.ReplicaState;
import io.linstorcsi.emulator.state.SyncPolicy;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How replicas of a definition restored from a snapshot connect (linstor-server 1.33.3, see README
 * "DRBD initial sync"): restored together they share their history and connect without a sync; a
 * replica added later gets new metadata, which on a thin pool claims the source volume's day-0
 * generation and cannot connect to the restored data (DRBD "unrelated data"), while on a thick pool
 * or with {@code DrbdOptions/ForceInitialSync} it is a fresh peer that resyncs.
 */
class DrbdRestoreTest {
  private LinstorEmulator emu;
  private Rest rest;

  private void start(String providerKind) {
    emu =
        LinstorEmulator.builder()
            .syncPolicy(SyncPolicy.MANUAL)
            .nodes("drbd-a", "drbd-b", "drbd-c")
            .storagePool("drbdpool", providerKind, 4L << 20)
            .build()
            .start();
    rest = new Rest(emu);
    rest.definition("src", 65536);
    rest.autoplace("src", "{\"place_count\":2,\"node_name_list\":[\"drbd-a\",\"drbd-b\"]}");
    emu.drbd().completeSync("src");
    Http.Response snapshot =
        rest.http.post("/v1/resource-definitions/src/snapshots", "{\"name\":\"snap1\"}");
    assertThat(snapshot.status()).as("%s", snapshot.body()).isEqualTo(201);
    assertThat(
            rest.http
                .post("/v1/resource-definitions", "{\"resource_definition\":{\"name\":\"dst\"}}")
                .status())
        .isEqualTo(201);
    assertThat(
            rest.http
                .post(
                    "/v1/resource-definitions/src/snapshot-restore-volume-definition/snap1",
                    "{\"to_resource\":\"dst\"}")
                .status())
        .isEqualTo(200);
  }

  @AfterEach
  void stop() {
    if (emu != null) {
      emu.close();
    }
  }

  private void restore(String nodes) {
    assertThat(
            rest.http
                .post(
                    "/v1/resource-definitions/src/snapshot-restore-resource/snap1",
                    "{\"to_resource\":\"dst\"" + nodes + "}")
                .status())
        .isEqualTo(200);
  }

  @Test
  void restoreOnAllSnapshotNodesInOneCall_connectsWithoutSync() {
    start("FILE_THIN");
    restore("");
    ReplicaState a = emu.drbd().state("dst", "drbd-a");
    ReplicaState b = emu.drbd().state("dst", "drbd-b");
    assertThat(a.diskState()).isEqualTo("UpToDate");
    assertThat(b.diskState()).isEqualTo("UpToDate");
    assertThat(a.connections()).containsEntry("drbd-b", "Connected");
    assertThat(b.syncPercent()).isNull();
  }

  @Test
  void restoreOnOneNode_thenReplicaOnThinPool_unrelatedData_standAloneAndConnecting() {
    start("FILE_THIN");
    restore(",\"nodes\":[\"drbd-b\"]");
    assertThat(rest.create("dst", "drbd-a", "drbdpool").status()).isEqualTo(201);

    ReplicaState restored = emu.drbd().state("dst", "drbd-b");
    ReplicaState added = emu.drbd().state("dst", "drbd-a");
    // both claim UpToDate: the added thin replica set itself UpToDate with the day-0 generation
    assertThat(restored.diskState()).isEqualTo("UpToDate");
    assertThat(added.diskState()).isEqualTo("UpToDate");
    assertThat(
            Map.of(
                "a", added.connections().get("drbd-b"), "b", restored.connections().get("drbd-a")))
        .containsEntry("a", "StandAlone")
        .containsEntry("b", "Connecting");
    var view = rest.resource("dst", "drbd-a").path("layer_object").path("drbd");
    assertThat(view.path("connections").path("drbd-b").path("connected").asBoolean()).isFalse();
    assertThat(view.path("connections").path("drbd-b").path("message").asText())
        .isEqualTo("StandAlone");
    // not even completing resyncs connects them
    emu.drbd().completeSync("dst");
    assertThat(emu.drbd().state("dst", "drbd-b").connections())
        .containsEntry("drbd-a", "Connecting");
  }

  @Test
  void replicaOnNodeWithoutTheSnapshot_thinPool_isUnrelatedToo() {
    start("LVM_THIN");
    restore(",\"nodes\":[\"drbd-a\"]");
    assertThat(rest.create("dst", "drbd-c", "drbdpool").status()).isEqualTo(201);
    assertThat(emu.drbd().state("dst", "drbd-c").connections())
        .containsEntry("drbd-a", "StandAlone");
  }

  @Test
  void forceInitialSyncSetBeforeTheReplicaIsAdded_freshPeerResyncsFromTheRestoredOne() {
    start("FILE_THIN");
    restore(",\"nodes\":[\"drbd-b\"]");
    assertThat(
            rest.http
                .put(
                    "/v1/resource-definitions/dst",
                    "{\"override_props\":{\"DrbdOptions/ForceInitialSync\":\"true\"}}")
                .status())
        .isEqualTo(200);
    assertThat(rest.create("dst", "drbd-c", "drbdpool").status()).isEqualTo(201);

    ReplicaState added = emu.drbd().state("dst", "drbd-c");
    assertThat(added.connections()).containsEntry("drbd-b", "Connected");
    assertThat(added.diskState()).isEqualTo("Inconsistent");
    emu.drbd().completeSync("dst");
    assertThat(emu.drbd().state("dst", "drbd-c").diskState()).isEqualTo("UpToDate");
    assertThat(
            rest.http
                .get("/v1/resource-definitions/dst")
                .body()
                .path("props")
                .path("DrbdOptions/ForceInitialSyncPermanent")
                .asText())
        .isEqualTo("true");
  }

  @Test
  void thickPool_replicaAddedLater_resyncsFromTheRestoredOne() {
    start("FILE");
    restore(",\"nodes\":[\"drbd-b\"]");
    assertThat(rest.create("dst", "drbd-a", "drbdpool").status()).isEqualTo(201);
    String added = "drbd-a";
    assertThat(emu.drbd().state("dst", added).diskState()).isEqualTo("Inconsistent");
    assertThat(emu.drbd().state("dst", added).connections()).containsEntry("drbd-b", "Connected");
    emu.drbd().completeSync("dst");
    assertThat(emu.drbd().state("dst", added).diskState()).isEqualTo("UpToDate");
  }
}
