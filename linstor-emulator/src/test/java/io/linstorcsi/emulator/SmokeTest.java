package io.linstorcsi.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void spawnPlacesTwoReplicasWithDrbdDevices() {
    try (LinstorEmulator emu =
        LinstorEmulator.builder()
            .nodes("node-a", "node-b", "node-c")
            .storagePool("sp1", "LVM_THIN", 20L << 20)
            .build()
            .start()) {
      Http http = new Http(emu.baseUrl());
      assertThat(http.get("/v1/nodes").body()).hasSize(3);
      Http.Response rg =
          http.post(
              "/v1/resource-groups",
              "{\"name\":\"rg\",\"select_filter\":{\"place_count\":2,\"storage_pool\":\"sp1\"}}");
      assertThat(rg.status()).isEqualTo(201);
      assertThat(http.post("/v1/resource-groups/rg/volume-groups", "{}").status()).isEqualTo(201);
      Http.Response spawn =
          http.post(
              "/v1/resource-groups/rg/spawn",
              "{\"resource_definition_name\":\"pvc-1\",\"volume_sizes\":[102400]}");
      assertThat(spawn.status()).isEqualTo(201);
      Http.Response rscs = http.get("/v1/view/resources?resources=pvc-1");
      // two diskful DRBD replicas get an automatic diskless tie-breaker on the third node
      assertThat(rscs.body()).hasSize(3);
      assertThat(rscs.body().get(2).path("flags").toString()).contains("TIE_BREAKER");
      assertThat(rscs.body().get(0).path("volumes").get(0).path("device_path").asText())
          .isEqualTo("/dev/drbd1000");
    }
  }
}
