package io.linstorcsi.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The out-of-process control API under /emulator/. */
class ControlApiTest {
  private LinstorEmulator emu;
  private Rest rest;

  @BeforeEach
  void start() {
    emu =
        LinstorEmulator.builder()
            .nodes("node-a", "node-b", "node-c")
            .storagePool("sp1", "LVM_THIN", 10L << 20)
            .build()
            .start();
    rest = new Rest(emu);
    rest.definition("pvc-c", 4096);
    assertThat(rest.autoplace("pvc-c", "{\"place_count\":2}").status()).isEqualTo(201);
  }

  @AfterEach
  void stop() {
    emu.close();
  }

  @Test
  void nodesGoOfflineAndOnline() {
    assertThat(rest.http.post("/emulator/nodes/node-b/offline", "{}").status()).isEqualTo(200);
    assertThat(rest.http.get("/v1/nodes/node-b").body().get("connection_status").asText())
        .isEqualTo("OFFLINE");
    assertThat(rest.http.post("/emulator/nodes/node-b/online", null).status()).isEqualTo(200);
    assertThat(rest.http.get("/v1/nodes/node-b").body().get("connection_status").asText())
        .isEqualTo("ONLINE");
  }

  @Test
  void callFaultsAndClear() {
    assertThat(
            rest.http
                .post(
                    "/emulator/faults/fail",
                    "{\"count\":1,\"method\":\"GET\",\"path\":\"/v1/nodes\"}")
                .status())
        .isEqualTo(200);
    assertThat(rest.http.get("/v1/resource-definitions").status()).isEqualTo(200);
    assertThat(rest.http.get("/v1/nodes").status()).isEqualTo(500);
    assertThat(rest.http.get("/v1/nodes").status()).isEqualTo(200);
    rest.http.post("/emulator/faults/fail", "{\"count\":3}");
    assertThat(rest.http.post("/emulator/faults/clear", "{}").status()).isEqualTo(200);
    assertThat(rest.http.get("/v1/nodes").status()).isEqualTo(200);
  }

  @Test
  void drbdAndPoolFaults() {
    String node = rest.diskfulNodesOf("pvc-c").get(0);
    String peer = rest.diskfulNodesOf("pvc-c").get(1);
    assertThat(
            rest.http
                .post(
                    "/emulator/drbd/pvc-c/" + node + "/disk-state", "{\"state\":\"Inconsistent\"}")
                .status())
        .isEqualTo(200);
    assertThat(rest.volume("pvc-c", node).path("state").path("disk_state").asText())
        .isEqualTo("Inconsistent");
    assertThat(
            rest.http
                .post(
                    "/emulator/drbd/pvc-c/split-brain",
                    "{\"nodes\":[\"" + node + "\",\"" + peer + "\"]}")
                .status())
        .isEqualTo(200);
    assertThat(
            rest.resource("pvc-c", node)
                .path("layer_object")
                .path("drbd")
                .path("connections")
                .path(peer)
                .path("message")
                .asText())
        .isEqualTo("StandAlone");
    assertThat(rest.http.post("/emulator/drbd/pvc-c/heal", "{}").status()).isEqualTo(200);
    assertThat(rest.volume("pvc-c", node).path("state").path("disk_state").asText())
        .isEqualTo("UpToDate");
    assertThat(rest.http.post("/emulator/pools/node-a/sp1/full", "{\"full\":true}").status())
        .isEqualTo(200);
    assertThat(rest.freeKib("node-a", "sp1")).isZero();
  }

  @Test
  void badInputIs400_unknownIs404() {
    assertThat(rest.http.post("/emulator/drbd/nosuch/heal", "{}").status()).isEqualTo(400);
    assertThat(rest.http.post("/emulator/faults/hang", "{\"count\":1}").status()).isEqualTo(400);
    assertThat(rest.http.post("/emulator/nope", "{}").status()).isEqualTo(404);
    assertThat(rest.http.get("/emulator/health").body().get("ok").asBoolean()).isTrue();
  }

  @Test
  void requestLogOverHttp() {
    rest.http.delete("/emulator/requests");
    rest.http.get("/v1/nodes");
    rest.http.get("/v1/nodes");
    rest.http.get("/v1/resource-definitions");
    assertThat(
            rest.http
                .get("/emulator/requests/count?method=GET&template=/v1/nodes")
                .body()
                .get("count")
                .asInt())
        .isEqualTo(2);
    assertThat(rest.http.get("/emulator/requests").body()).hasSize(3);
    assertThat(rest.http.get("/emulator/requests").body().get(0).get("template").asText())
        .isEqualTo("/v1/nodes");
  }
}
