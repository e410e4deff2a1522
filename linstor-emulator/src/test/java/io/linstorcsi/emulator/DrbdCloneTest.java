package io.linstorcsi.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.linstorcsi.emulator.DrbdControl.ReplicaState;
import io.linstorcsi.emulator.state.SyncPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * LINSTOR's resource-definition clone on DRBD. Every replica is copied from its node's source
 * replica with the DRBD metadata, so the copies share one history and connect without a sync. The
 * clone counts as COMPLETE only once every copy is UpToDate and connected to every other copy, and
 * as FAILED when connected copies hold Inconsistent or Outdated data (linstor-server
 * CtrlApiCallHandler.isCloneReady / cloneCheckRscDfn, SatelliteResourceState.isReady).
 */
class DrbdCloneTest {
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
  }

  @AfterEach
  void stop() {
    if (emu != null) {
      emu.close();
    }
  }

  private Http.Response cloneInto(String name) {
    return rest.http.post("/v1/resource-definitions/src/clone", "{\"name\":\"" + name + "\"}");
  }

  private String status(String name) {
    return rest.http
        .get("/v1/resource-definitions/src/clone/" + name)
        .body()
        .get("status")
        .asText();
  }

  @Test
  void cloneOnAThinLvmPool_connectsWithoutSync_andIsComplete() {
    start("LVM_THIN");
    assertThat(cloneInto("dst").status()).isEqualTo(201);
    ReplicaState a = emu.drbd().state("dst", "drbd-a");
    ReplicaState b = emu.drbd().state("dst", "drbd-b");
    assertThat(a.diskState()).isEqualTo("UpToDate");
    assertThat(b.diskState()).isEqualTo("UpToDate");
    assertThat(a.connections()).containsEntry("drbd-b", "Connected");
    assertThat(b.syncPercent()).isNull();
    assertThat(status("dst")).isEqualTo("COMPLETE");
  }

  @Test
  void cloneWhoseCopiesCannotConnect_isStillCloning_untilTheyDo() {
    start("ZFS_THIN");
    emu.drbd().cutLink("drbd-b");
    assertThat(cloneInto("dst").status()).isEqualTo(201);
    assertThat(emu.drbd().state("dst", "drbd-a").connections())
        .doesNotContainEntry("drbd-b", "Connected");
    assertThat(status("dst")).isEqualTo("CLONING");
    emu.drbd().restoreLink("drbd-b");
    assertThat(status("dst")).isEqualTo("COMPLETE");
  }

  @Test
  void cloneOnAFilePool_isRefused_andLeavesNothing() {
    start("FILE_THIN");
    Http.Response refused = cloneInto("dst");
    assertThat(refused.status()).isEqualTo(500);
    assertThat(refused.body().get("messages").get(0).get("message").asText())
        .isEqualTo("Clone source contains unsupported storage pools");
    assertThat(rest.http.get("/v1/resource-definitions/dst").status()).isEqualTo(404);
    assertThat(rest.http.get("/v1/resource-definitions/src/clone/dst").status()).isEqualTo(404);
  }
}
