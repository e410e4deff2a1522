package io.linstorcsi.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The autoplacer's filters, each on its own. Zones: node-a z1, node-b z2, node-c z1, node-d z2. */
class AutoplaceTest {
  private LinstorEmulator emu;
  private Rest rest;

  @BeforeEach
  void start() {
    emu =
        LinstorEmulator.builder()
            .nodes("node-a", "node-b", "node-c", "node-d")
            .storagePool("sp1", "LVM_THIN", 10L << 20)
            .storagePool("sp2", "FILE_THIN", 10L << 20)
            .build()
            .start();
    rest = new Rest(emu);
    String[][] zones = {{"node-a", "z1"}, {"node-b", "z2"}, {"node-c", "z1"}, {"node-d", "z2"}};
    for (String[] z : zones) {
      assertThat(
              rest.http
                  .put("/v1/nodes/" + z[0], "{\"override_props\":{\"Aux/zone\":\"" + z[1] + "\"}}")
                  .status())
          .isEqualTo(200);
    }
    rest.definition("pvc-p", 4096);
  }

  @AfterEach
  void stop() {
    emu.close();
  }

  private Set<String> zonesOf(List<String> nodes) {
    Set<String> zones = new HashSet<>();
    for (String n : nodes) {
      zones.add(rest.http.get("/v1/nodes/" + n).body().path("props").path("Aux/zone").asText());
    }
    return zones;
  }

  @Test
  void placeCount_placesThatManyDiskfulReplicas() {
    assertThat(rest.autoplace("pvc-p", "{\"place_count\":3}").status()).isEqualTo(201);
    assertThat(rest.diskfulNodesOf("pvc-p")).hasSize(3);
  }

  @Test
  void enoughReplicas_isAWarningNotAnError() {
    assertThat(rest.autoplace("pvc-p", "{\"place_count\":2}").status()).isEqualTo(201);
    Http.Response again = rest.autoplace("pvc-p", "{\"place_count\":2}");
    assertThat(again.status()).isEqualTo(201);
    assertThat(Rest.retCodes(again)).containsExactly(-9223372036834589714L);
  }

  @Test
  void storagePool_andStoragePoolList_andProviderList_choosePools() {
    assertThat(rest.autoplace("pvc-p", "{\"place_count\":2,\"storage_pool\":\"sp2\"}").status())
        .isEqualTo(201);
    for (String node : rest.diskfulNodesOf("pvc-p")) {
      assertThat(rest.volume("pvc-p", node).get("storage_pool_name").asText()).isEqualTo("sp2");
    }
    rest.definition("pvc-q", 4096);
    assertThat(
            rest.autoplace("pvc-q", "{\"place_count\":2,\"storage_pool_list\":[\"sp1\"]}").status())
        .isEqualTo(201);
    for (String node : rest.diskfulNodesOf("pvc-q")) {
      assertThat(rest.volume("pvc-q", node).get("provider_kind").asText()).isEqualTo("LVM_THIN");
    }
    rest.definition("pvc-r", 4096);
    assertThat(
            rest.autoplace("pvc-r", "{\"place_count\":1,\"provider_list\":[\"FILE_THIN\"]}")
                .status())
        .isEqualTo(201);
    assertThat(
            rest.volume("pvc-r", rest.diskfulNodesOf("pvc-r").get(0))
                .get("storage_pool_name")
                .asText())
        .isEqualTo("sp2");
  }

  @Test
  void nodeNameList_limitsTheCandidates() {
    assertThat(
            rest.autoplace(
                    "pvc-p", "{\"place_count\":2,\"node_name_list\":[\"node-c\",\"node-d\"]}")
                .status())
        .isEqualTo(201);
    assertThat(rest.diskfulNodesOf("pvc-p")).containsExactly("node-c", "node-d");
    rest.definition("pvc-q", 4096);
    Http.Response tooFew =
        rest.autoplace("pvc-q", "{\"place_count\":2,\"node_name_list\":[\"node-c\"]}");
    assertThat(tooFew.status()).isEqualTo(500);
    assertThat(Rest.codes(tooFew)).containsExactly(996L);
  }

  @Test
  void replicasOnSame_keepsReplicasInOneZone() {
    assertThat(
            rest.autoplace("pvc-p", "{\"place_count\":2,\"replicas_on_same\":[\"Aux/zone\"]}")
                .status())
        .isEqualTo(201);
    assertThat(zonesOf(rest.diskfulNodesOf("pvc-p"))).hasSize(1);
    rest.definition("pvc-q", 4096);
    assertThat(
            rest.autoplace("pvc-q", "{\"place_count\":2,\"replicas_on_same\":[\"Aux/zone=z2\"]}")
                .status())
        .isEqualTo(201);
    assertThat(rest.diskfulNodesOf("pvc-q")).containsExactly("node-b", "node-d");
    rest.definition("pvc-r", 4096);
    assertThat(
            rest.autoplace("pvc-r", "{\"place_count\":3,\"replicas_on_same\":[\"Aux/zone\"]}")
                .status())
        .isEqualTo(500);
  }

  @Test
  void replicasOnDifferent_spreadsReplicasOverZones() {
    assertThat(
            rest.autoplace("pvc-p", "{\"place_count\":2,\"replicas_on_different\":[\"Aux/zone\"]}")
                .status())
        .isEqualTo(201);
    assertThat(zonesOf(rest.diskfulNodesOf("pvc-p"))).containsExactlyInAnyOrder("z1", "z2");
    rest.definition("pvc-q", 4096);
    assertThat(
            rest.autoplace("pvc-q", "{\"place_count\":3,\"replicas_on_different\":[\"Aux/zone\"]}")
                .status())
        .isEqualTo(500);
    assertThat(
            rest.autoplace(
                    "pvc-q", "{\"place_count\":4,\"x_replicas_on_different_map\":{\"Aux/zone\":2}}")
                .status())
        .isEqualTo(201);
  }

  @Test
  void notPlaceWithRsc_andItsRegex_avoidNodesOfOtherResources() {
    // STORAGE only: a DRBD pair would add a tie-breaker, which counts as a replica here too
    rest.definition("pvc-other", 4096, "STORAGE");
    assertThat(
            rest.autoplace(
                    "pvc-other", "{\"place_count\":2,\"node_name_list\":[\"node-a\",\"node-b\"]}")
                .status())
        .isEqualTo(201);
    assertThat(
            rest.autoplace("pvc-p", "{\"place_count\":2,\"not_place_with_rsc\":[\"pvc-other\"]}")
                .status())
        .isEqualTo(201);
    assertThat(rest.diskfulNodesOf("pvc-p")).containsExactly("node-c", "node-d");
    rest.definition("pvc-q", 4096);
    assertThat(
            rest.autoplace("pvc-q", "{\"place_count\":3,\"not_place_with_rsc_regex\":\"pvc-o.*\"}")
                .status())
        .isEqualTo(500);
  }

  @Test
  void disklessOnRemaining_putsDisklessReplicasEverywhereElse() {
    Http.Response r =
        rest.http.post(
            "/v1/resource-definitions/pvc-p/autoplace",
            "{\"diskless_on_remaining\":true,\"select_filter\":{\"place_count\":2}}");
    assertThat(r.status()).isEqualTo(201);
    assertThat(rest.nodesOf("pvc-p")).hasSize(4);
    assertThat(rest.diskfulNodesOf("pvc-p")).hasSize(2);
  }

  @Test
  void layerStack_storageOnly_hasNoDrbdLayer() {
    assertThat(
            rest.http
                .post(
                    "/v1/resource-definitions/pvc-p/autoplace",
                    "{\"layer_list\":[\"storage\"],\"select_filter\":{\"place_count\":2}}")
                .status())
        .isEqualTo(201);
    String node = rest.nodesOf("pvc-p").get(0);
    assertThat(rest.resource("pvc-p", node).path("layer_object").path("type").asText())
        .isEqualTo("STORAGE");
    assertThat(rest.nodesOf("pvc-p")).hasSize(2);
  }

  @Test
  void resourceGroupFilter_appliesToAnEmptyRequest() {
    rest.http.post(
        "/v1/resource-groups",
        "{\"name\":\"rg-z\",\"select_filter\":{\"place_count\":2,\"storage_pool\":\"sp2\",\"replicas_on_different\":[\"Aux/zone\"]}}");
    rest.http.post("/v1/resource-groups/rg-z/volume-groups", "{}");
    assertThat(
            rest.http
                .post(
                    "/v1/resource-groups/rg-z/spawn",
                    "{\"resource_definition_name\":\"pvc-z\",\"volume_sizes\":[4096]}")
                .status())
        .isEqualTo(201);
    List<String> nodes = rest.diskfulNodesOf("pvc-z");
    assertThat(nodes).hasSize(2);
    assertThat(zonesOf(nodes)).hasSize(2);
    assertThat(rest.volume("pvc-z", nodes.get(0)).get("storage_pool_name").asText())
        .isEqualTo("sp2");
  }
}
