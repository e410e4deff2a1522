package io.linstorcsi.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The DRBD layer the recordings lack: its objects as the specification defines them, and its
 * states.
 */
class DrbdLayerTest {
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
    rest.definition("pvc-d", 102400);
    assertThat(rest.autoplace("pvc-d", "{\"place_count\":2}").status()).isEqualTo(201);
  }

  @AfterEach
  void stop() {
    emu.close();
  }

  @Test
  void defaultStackIsDrbdOverStorage_withDrbdDevicesAndMinors() {
    JsonNode rd = rest.http.get("/v1/resource-definitions/pvc-d").body();
    assertThat(rd.path("layer_data").get(0).path("type").asText()).isEqualTo("DRBD");
    assertThat(rd.path("layer_data").get(0).path("data").has("secret")).isTrue();
    assertThat(rd.path("layer_data").get(1).path("type").asText()).isEqualTo("STORAGE");

    JsonNode layer = rest.resource("pvc-d", "node-a").path("layer_object");
    assertThat(layer.path("type").asText()).isEqualTo("DRBD");
    assertThat(layer.path("children").get(0).path("type").asText()).isEqualTo("STORAGE");
    JsonNode drbd = layer.path("drbd");
    assertThat(drbd.path("drbd_volumes").get(0).path("device_path").asText())
        .isEqualTo("/dev/drbd1000");
    assertThat(
            drbd.path("drbd_volumes")
                .get(0)
                .path("drbd_volume_definition")
                .path("minor_number")
                .asInt())
        .isEqualTo(1000);
    assertThat(drbd.path("tcp_ports").get(0).asInt()).isEqualTo(7000);

    JsonNode volume = rest.volume("pvc-d", "node-a");
    assertThat(volume.path("device_path").asText()).isEqualTo("/dev/drbd1000");
    assertThat(volume.path("state").path("disk_state").asText()).isEqualTo("UpToDate");
    assertThat(volume.path("layer_data_list").get(0).path("type").asText()).isEqualTo("DRBD");
  }

  @Test
  void twoDiskfulReplicas_getATieBreakerAndQuorumMajority() {
    assertThat(rest.nodesOf("pvc-d")).containsExactly("node-a", "node-b", "node-c");
    JsonNode tb = rest.resource("pvc-d", "node-c");
    assertThat(tb.path("flags").toString()).contains("DISKLESS", "DRBD_DISKLESS", "TIE_BREAKER");
    assertThat(rest.volume("pvc-d", "node-c").path("state").path("disk_state").asText())
        .isEqualTo("Diskless");
    assertThat(
            rest.http
                .get("/v1/resource-definitions/pvc-d")
                .body()
                .path("props")
                .path("DrbdOptions/Resource/quorum")
                .asText())
        .isEqualTo("majority");
  }

  @Test
  void healthyReplicas_connectedToEveryPeer_secondaryWithPromotionScores() {
    JsonNode a = rest.resource("pvc-d", "node-a");
    JsonNode connections = a.path("layer_object").path("drbd").path("connections");
    assertThat(connections.path("node-b").path("connected").asBoolean()).isTrue();
    assertThat(connections.path("node-b").path("message").asText()).isEqualTo("Connected");
    assertThat(connections.path("node-c").path("message").asText()).isEqualTo("Connected");
    assertThat(a.path("state").path("in_use").asBoolean()).isFalse();
    assertThat(a.path("layer_object").path("drbd").path("may_promote").asBoolean()).isTrue();
    // UpToDate with one UpToDate peer connected (the tie-breaker has no disk): 10101 + 1, as DRBD
    // reports
    assertThat(a.path("layer_object").path("drbd").path("promotion_score").asInt())
        .isEqualTo(10102);
  }

  @Test
  void inUseReplica_blocksPromotionOfPeers_andRefusesDeletion() {
    emu.faults().inUse("pvc-d", "node-a", true);
    assertThat(rest.resource("pvc-d", "node-a").path("state").path("in_use").asBoolean()).isTrue();
    assertThat(
            rest.resource("pvc-d", "node-b")
                .path("layer_object")
                .path("drbd")
                .path("may_promote")
                .asBoolean())
        .isFalse();
    Http.Response delete = rest.http.delete("/v1/resource-definitions/pvc-d/resources/node-a");
    assertThat(delete.status()).isEqualTo(500);
    assertThat(Rest.codes(delete)).containsExactly(997L);
    Http.Response deleteRd = rest.http.delete("/v1/resource-definitions/pvc-d");
    assertThat(deleteRd.status()).isEqualTo(500);
    emu.faults().inUse("pvc-d", "node-a", null);
    assertThat(rest.http.delete("/v1/resource-definitions/pvc-d").status()).isEqualTo(200);
  }

  /** "Resource 'x' on 'n' ready" entries of a write's answer, as node names. */
  private static List<String> readyNodes(JsonNode answer, String rd) {
    Pattern ready = Pattern.compile("Resource '" + rd + "' on '([^']+)' ready");
    List<String> nodes = new ArrayList<>();
    for (JsonNode rc : answer) {
      Matcher m = ready.matcher(rc.path("message").asText());
      if (m.matches()) {
        assertThat(rc.path("ret_code").asLong()).as("a success entry").isPositive();
        nodes.add(m.group(1));
      }
    }
    return nodes;
  }

  @Test
  void newReplicasConnectedToTheirPeers_areReportedReadyInTheAnswer() {
    rest.definition("pvc-r", 102400);
    JsonNode answer = rest.autoplace("pvc-r", "{\"place_count\":2}").body();
    List<String> diskful = new ArrayList<>();
    for (String node : rest.nodesOf("pvc-r")) {
      if (!rest.resource("pvc-r", node).path("flags").toString().contains("DISKLESS")) {
        diskful.add(node);
      }
    }
    assertThat(diskful).hasSize(2);
    assertThat(readyNodes(answer, "pvc-r")).containsAll(diskful);
  }

  @Test
  void singleReplica_andReplicaThatCannotReachItsPeer_areNotReportedReady() {
    rest.definition("pvc-s", 102400);
    JsonNode first =
        rest.autoplace("pvc-s", "{\"place_count\":1,\"node_name_list\":[\"node-a\"]}").body();
    assertThat(readyNodes(first, "pvc-s")).as("no peer to wait for").isEmpty();
    emu.drbd().cutLink("node-b");
    try {
      JsonNode second =
          rest.autoplace("pvc-s", "{\"place_count\":2,\"node_name_list\":[\"node-a\",\"node-b\"]}")
              .body();
      assertThat(rest.nodesOf("pvc-s")).contains("node-b");
      assertThat(readyNodes(second, "pvc-s")).as("node-b cannot connect to node-a").isEmpty();
    } finally {
      emu.drbd().restoreLink("node-b");
    }
  }

  @Test
  void offlineNode_peersSeeItConnecting_andItReportsNoState() {
    emu.faults().nodeOffline("node-b");
    JsonNode b = rest.resource("pvc-d", "node-b");
    assertThat(b.has("state")).isFalse();
    assertThat(b.path("layer_object").path("drbd").has("connections")).isFalse();
    JsonNode conn =
        rest.resource("pvc-d", "node-a").path("layer_object").path("drbd").path("connections");
    assertThat(conn.path("node-b").path("connected").asBoolean()).isFalse();
    assertThat(conn.path("node-b").path("message").asText()).isEqualTo("Connecting");
    assertThat(rest.volume("pvc-d", "node-b").has("state")).isFalse();

    emu.faults().nodeOnline("node-b");
    assertThat(
            rest.resource("pvc-d", "node-a")
                .path("layer_object")
                .path("drbd")
                .path("connections")
                .path("node-b")
                .path("message")
                .asText())
        .isEqualTo("Connected");
  }

  @Test
  void splitBrain_leavesBothSidesStandAlone() {
    emu.faults().splitBrain("pvc-d", "node-a", "node-b");
    for (String[] pair : new String[][] {{"node-a", "node-b"}, {"node-b", "node-a"}}) {
      JsonNode c =
          rest.resource("pvc-d", pair[0])
              .path("layer_object")
              .path("drbd")
              .path("connections")
              .path(pair[1]);
      assertThat(c.path("message").asText()).isEqualTo("StandAlone");
      assertThat(c.path("connected").asBoolean()).isFalse();
    }
    assertThat(rest.volume("pvc-d", "node-a").path("state").path("disk_state").asText())
        .isEqualTo("UpToDate");
    emu.faults().heal("pvc-d");
    assertThat(
            rest.resource("pvc-d", "node-a")
                .path("layer_object")
                .path("drbd")
                .path("connections")
                .path("node-b")
                .path("message")
                .asText())
        .isEqualTo("Connected");
  }

  @Test
  void degradedAndQuorumlessReplicas_reportWhatDrbdReports() {
    emu.faults().degrade("pvc-d", "node-b");
    assertThat(rest.volume("pvc-d", "node-b").path("state").path("disk_state").asText())
        .isEqualTo("Outdated");
    assertThat(
            rest.http
                .get("/v1/resource-definitions/pvc-d/sync-status")
                .body()
                .path("synced_on_all")
                .asBoolean())
        .isFalse();
    emu.faults().noQuorum("pvc-d", "node-a");
    JsonNode drbd = rest.resource("pvc-d", "node-a").path("layer_object").path("drbd");
    assertThat(drbd.path("may_promote").asBoolean()).isFalse();
    assertThat(drbd.path("promotion_score").asInt()).isZero();
  }

  @Test
  void shrinkingADrbdVolume_isRefused_growingIsNot() {
    Http.Response shrink =
        rest.http.put(
            "/v1/resource-definitions/pvc-d/volume-definitions/0", "{\"size_kib\":51200}");
    assertThat(shrink.status()).isEqualTo(500);
    assertThat(Rest.codes(shrink)).containsExactly(206L);
    assertThat(shrink.body().get(0).path("message").asText()).contains("layer 'DRBD'");
    Http.Response grow =
        rest.http.put(
            "/v1/resource-definitions/pvc-d/volume-definitions/0", "{\"size_kib\":204800}");
    assertThat(grow.status()).isEqualTo(200);
    assertThat(
            rest.volume("pvc-d", "node-a")
                .path("layer_data_list")
                .get(0)
                .path("data")
                .path("usable_size_kib")
                .asLong())
        .isEqualTo(204800);
  }

  @Test
  void makeAvailable_disklessOnTheTieBreaker_takesItOver_andDiskfulAddsADisk() {
    Http.Response r =
        rest.http.post(
            "/v1/resource-definitions/pvc-d/resources/node-c/make-available",
            "{\"diskful\":false}");
    assertThat(r.status()).isEqualTo(200);
    JsonNode c = rest.resource("pvc-d", "node-c");
    assertThat(c.path("flags").toString()).contains("DRBD_DISKLESS").doesNotContain("TIE_BREAKER");

    Http.Response again =
        rest.http.post(
            "/v1/resource-definitions/pvc-d/resources/node-a/make-available",
            "{\"diskful\":false}");
    assertThat(Rest.retCodes(again)).containsExactly(20185088L);

    Http.Response diskful =
        rest.http.post(
            "/v1/resource-definitions/pvc-d/resources/node-c/make-available", "{\"diskful\":true}");
    assertThat(diskful.status()).isEqualTo(200);
    assertThat(rest.resource("pvc-d", "node-c").path("flags").toString())
        .doesNotContain("DISKLESS");
    assertThat(rest.diskfulNodesOf("pvc-d")).containsExactly("node-a", "node-b", "node-c");
    // three diskful replicas have quorum without a tie-breaker
    assertThat(
            rest.http
                .get("/v1/resource-definitions/pvc-d")
                .body()
                .path("props")
                .path("DrbdOptions/Resource/quorum")
                .asText())
        .isEqualTo("majority");
  }

  @Test
  void autoplaceForMoreReplicas_givesTheTieBreakerADisk_whenItsNodeIsTheOneLeft() {
    // linstor-server CtrlRscAutoPlaceApiCallHandler: nodes with a diskless replica stay candidates
    // (setSkipAlreadyPlacedOnNodeNamesCheck), and CtrlRscCrtApiHelper.createResourceDb toggles a
    // chosen one into a diskful replica, tie-breaker flag cleared
    Http.Response r = rest.autoplace("pvc-d", "{\"place_count\":3}");

    assertThat(r.status()).isEqualTo(201);
    assertThat(rest.diskfulNodesOf("pvc-d")).containsExactly("node-a", "node-b", "node-c");
    JsonNode c = rest.resource("pvc-d", "node-c");
    assertThat(c.path("flags").toString()).doesNotContain("DISKLESS").doesNotContain("TIE_BREAKER");
    assertThat(rest.volume("pvc-d", "node-c").path("storage_pool_name").asText()).isEqualTo("sp1");
  }

  @Test
  void autoplaceForMoreReplicas_givesADisklessClientADisk_whenItsNodeIsTheOneLeft() {
    Http.Response client =
        rest.http.post(
            "/v1/resource-definitions/pvc-d/resources/node-c/make-available",
            "{\"diskful\":false}");
    assertThat(client.status()).isEqualTo(200);

    assertThat(rest.autoplace("pvc-d", "{\"place_count\":3}").status()).isEqualTo(201);

    assertThat(rest.diskfulNodesOf("pvc-d")).containsExactly("node-a", "node-b", "node-c");
  }

  @Test
  void toggleDisk_removesAndAddsDisks_keepingOneOnlineDisk() {
    String base = "/v1/resource-definitions/pvc-d/resources/";
    Http.Response noop = rest.http.put(base + "node-a/toggle-disk/diskful", null);
    assertThat(noop.status()).isEqualTo(200);
    assertThat(Rest.codes(noop)).containsExactly(10007L);

    assertThat(rest.http.put(base + "node-a/toggle-disk/diskless", null).status()).isEqualTo(200);
    assertThat(rest.resource("pvc-d", "node-a").path("flags").toString()).contains("DRBD_DISKLESS");
    assertThat(rest.volume("pvc-d", "node-a").path("storage_pool_name").asText())
        .isEqualTo("DfltDisklessStorPool");
    // one diskful replica and a diskless client: no tie-breaker any more
    assertThat(rest.http.get(base.substring(0, base.length() - 1)).body().toString())
        .doesNotContain("TIE_BREAKER");

    Http.Response last = rest.http.put(base + "node-b/toggle-disk/diskless", null);
    assertThat(last.status()).isEqualTo(500);
    assertThat(Rest.codes(last)).containsExactly(991L);

    assertThat(rest.http.put(base + "node-a/toggle-disk/diskful/sp1", null).status())
        .isEqualTo(200);
    assertThat(rest.diskfulNodesOf("pvc-d")).containsExactly("node-a", "node-b");
    assertThat(rest.resource("pvc-d", "node-c").path("flags").toString()).contains("TIE_BREAKER");
  }

  @Test
  void explicitCreateWithoutPool_takesThePeersPool_elseDfltStorPool() {
    rest.definition("pvc-e", 4096);
    String noPool = "[{\"resource\":{\"node_name\":\"node-a\"}}]";
    Http.Response missing = rest.http.post("/v1/resource-definitions/pvc-e/resources", noPool);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(Rest.codes(missing)).containsExactly(311L);
    assertThat(rest.create("pvc-e", "node-b", "sp1").status()).isEqualTo(201);
    assertThat(rest.http.post("/v1/resource-definitions/pvc-e/resources", noPool).status())
        .isEqualTo(201);
    assertThat(rest.volume("pvc-e", "node-a").path("storage_pool_name").asText()).isEqualTo("sp1");
    assertThat(rest.resource("pvc-e", "node-a").path("props").has("StorPoolName")).isFalse();
  }

  @Test
  void disklessResourceOnANewNode_viaCreateWithFlag() {
    emu.close();
    emu =
        LinstorEmulator.builder()
            .nodes("n1", "n2", "n3", "n4")
            .storagePool("sp1", "LVM_THIN", 10L << 20)
            .build()
            .start();
    rest = new Rest(emu);
    rest.definition("pvc-x", 4096);
    assertThat(rest.autoplace("pvc-x", "{\"place_count\":2}").status()).isEqualTo(201);
    Http.Response r =
        rest.http.post(
            "/v1/resource-definitions/pvc-x/resources",
            "[{\"resource\":{\"node_name\":\"n4\",\"flags\":[\"DRBD_DISKLESS\"]}}]");
    assertThat(r.status()).isEqualTo(201);
    assertThat(rest.resource("pvc-x", "n4").path("props").path("StorPoolName").asText())
        .isEqualTo("DfltDisklessStorPool");
    // a real diskless replica makes the tie-breaker unnecessary
    assertThat(rest.http.get("/v1/resource-definitions/pvc-x/resources").body().toString())
        .doesNotContain("TIE_BREAKER");
  }
}
