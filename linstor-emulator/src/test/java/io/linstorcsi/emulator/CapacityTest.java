package io.linstorcsi.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Capacity accounting of thick and thin pools, full pools, and the size queries. */
class CapacityTest {
  private static final long GIB = 1L << 20;

  private static LinstorEmulator emulator(String kind) {
    return LinstorEmulator.builder()
        .nodes("node-a", "node-b", "node-c")
        .storagePool("sp1", kind, GIB)
        .build()
        .start();
  }

  @Test
  void thickPool_losesTheWholeVolumeSize_andGetsItBackOnDelete() {
    try (LinstorEmulator emu = emulator("LVM")) {
      Rest rest = new Rest(emu);
      rest.definition("pvc-thick", 102400);
      assertThat(rest.create("pvc-thick", "node-a", "sp1").status()).isEqualTo(201);
      assertThat(rest.freeKib("node-a", "sp1")).isEqualTo(GIB - 102400);
      assertThat(rest.freeKib("node-b", "sp1")).isEqualTo(GIB);
      assertThat(rest.http.delete("/v1/resource-definitions/pvc-thick/resources/node-a").status())
          .isEqualTo(200);
      assertThat(rest.freeKib("node-a", "sp1")).isEqualTo(GIB);
    }
  }

  @Test
  void thickPool_refusesAVolumeLargerThanItsFreeSpace() {
    try (LinstorEmulator emu = emulator("LVM")) {
      Rest rest = new Rest(emu);
      rest.definition("pvc-big", 2 * GIB);
      Http.Response direct = rest.create("pvc-big", "node-a", "sp1");
      assertThat(direct.status()).isEqualTo(500);
      assertThat(Rest.codes(direct)).containsExactly(206L);
      Http.Response placed = rest.autoplace("pvc-big", "{\"place_count\":2}");
      assertThat(placed.status()).isEqualTo(500);
      assertThat(Rest.codes(placed)).containsExactly(996L);
      assertThat(placed.body().get(0).get("details").asText())
          .contains("at least '" + 2 * GIB + "' free space");
    }
  }

  @Test
  void thinPool_keepsItsFreeSpaceOnCreate_andLosesWhatIsWritten() {
    try (LinstorEmulator emu = emulator("LVM_THIN")) {
      Rest rest = new Rest(emu);
      rest.definition("pvc-thin", 512 * 1024);
      assertThat(rest.autoplace("pvc-thin", "{\"place_count\":2}").status()).isEqualTo(201);
      assertThat(rest.freeKib("node-a", "sp1")).isEqualTo(GIB);
      emu.faults().writeData("pvc-thin", 0, 100 * 1024);
      for (String node : rest.diskfulNodesOf("pvc-thin")) {
        assertThat(rest.freeKib(node, "sp1")).isEqualTo(GIB - 100 * 1024);
      }
    }
  }

  @Test
  void thinPool_isOversubscribedUpTo20Times() {
    try (LinstorEmulator emu = emulator("LVM_THIN")) {
      Rest rest = new Rest(emu);
      rest.definition("pvc-19g", 19 * GIB);
      assertThat(rest.autoplace("pvc-19g", "{\"place_count\":2}").status()).isEqualTo(201);
      rest.definition("pvc-21g", 21 * GIB);
      Http.Response refused = rest.autoplace("pvc-21g", "{\"place_count\":2}");
      assertThat(refused.status()).isEqualTo(500);
      assertThat(Rest.codes(refused)).containsExactly(996L);
    }
  }

  @Test
  void fullPool_takesNoVolumes_andReportsNoFreeSpace() {
    try (LinstorEmulator emu = emulator("LVM_THIN")) {
      Rest rest = new Rest(emu);
      for (String node : new String[] {"node-a", "node-b"}) {
        emu.faults().poolFull(node, "sp1", true);
      }
      assertThat(rest.freeKib("node-a", "sp1")).isZero();
      rest.definition("pvc-full", 1024);
      Http.Response r = rest.autoplace("pvc-full", "{\"place_count\":2}");
      assertThat(r.status()).isEqualTo(500);
      assertThat(Rest.codes(r)).containsExactly(996L);
      assertThat(rest.create("pvc-full", "node-a", "sp1").status()).isEqualTo(500);
      assertThat(rest.create("pvc-full", "node-c", "sp1").status()).isEqualTo(201);
      emu.faults().poolFull("node-a", "sp1", false);
      assertThat(rest.freeKib("node-a", "sp1")).isEqualTo(GIB);
    }
  }

  @Test
  void sizeQueries_reportFreeSpaceAndTheThinLimit() {
    try (LinstorEmulator emu = emulator("LVM_THIN")) {
      Rest rest = new Rest(emu);
      assertThat(
              rest.http
                  .post(
                      "/v1/resource-groups",
                      "{\"name\":\"rg\",\"select_filter\":{\"place_count\":2,\"storage_pool\":\"sp1\"}}")
                  .status())
          .isEqualTo(201);
      JsonNode info =
          rest.http.post("/v1/resource-groups/rg/query-size-info", "{}").body().get("space_info");
      assertThat(info.get("max_vlm_size_in_kib").asLong()).isEqualTo(20 * GIB);
      assertThat(info.get("available_size_in_kib").asLong()).isEqualTo(GIB);
      assertThat(info.get("capacity_in_kib").asLong()).isEqualTo(GIB);
      assertThat(info.get("next_spawn_result")).hasSize(2);
      JsonNode max = rest.http.get("/v1/resource-groups/rg/query-max-volume-size").body();
      assertThat(max.get("candidates").get(0).get("max_volume_size_kib").asLong()).isEqualTo(GIB);
      assertThat(max.get("candidates").get(0).get("all_thin").asBoolean()).isTrue();
      JsonNode none =
          rest.http
              .post(
                  "/v1/resource-groups/rg/query-size-info",
                  "{\"select_filter\":{\"place_count\":4}}")
              .body()
              .get("space_info");
      assertThat(none.get("max_vlm_size_in_kib").asLong()).isZero();
      assertThat(none.has("next_spawn_result")).isFalse();
    }
  }
}
