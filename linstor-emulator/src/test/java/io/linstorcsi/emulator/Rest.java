package io.linstorcsi.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Steps the emulator's tests repeat, as REST calls with their expected success statuses. */
final class Rest {
  final Http http;

  Rest(LinstorEmulator emu) {
    this.http = new Http(emu.baseUrl());
  }

  /**
   * A resource definition with one volume of {@code sizeKib}; layers null for the default stack.
   */
  void definition(String name, long sizeKib, String... layers) {
    StringBuilder layerData = new StringBuilder();
    for (String l : layers) {
      layerData
          .append(layerData.isEmpty() ? "" : ",")
          .append("{\"type\":\"")
          .append(l)
          .append("\"}");
    }
    String body =
        "{\"resource_definition\":{\"name\":\""
            + name
            + "\""
            + (layers.length == 0 ? "" : ",\"layer_data\":[" + layerData + "]")
            + "}}";
    assertThat(http.post("/v1/resource-definitions", body).status()).isEqualTo(201);
    assertThat(
            http.post(
                    "/v1/resource-definitions/" + name + "/volume-definitions",
                    "{\"volume_definition\":{\"size_kib\":" + sizeKib + "}}")
                .status())
        .isEqualTo(200);
  }

  Http.Response autoplace(String rd, String selectFilter) {
    return http.post(
        "/v1/resource-definitions/" + rd + "/autoplace",
        "{\"select_filter\":" + selectFilter + "}");
  }

  Http.Response create(String rd, String node, String pool) {
    return http.post(
        "/v1/resource-definitions/" + rd + "/resources",
        "[{\"resource\":{\"node_name\":\""
            + node
            + "\",\"props\":{\"StorPoolName\":\""
            + pool
            + "\"}}}]");
  }

  JsonNode resource(String rd, String node) {
    Http.Response r = http.get("/v1/resource-definitions/" + rd + "/resources/" + node);
    assertThat(r.status()).isEqualTo(200);
    return r.body();
  }

  JsonNode volume(String rd, String node) {
    Http.Response r =
        http.get("/v1/resource-definitions/" + rd + "/resources/" + node + "/volumes");
    assertThat(r.status()).isEqualTo(200);
    return r.body().get(0);
  }

  /** Node names of the definition's resources (sorted like the controller sorts them). */
  List<String> nodesOf(String rd) {
    List<String> out = new ArrayList<>();
    http.get("/v1/resource-definitions/" + rd + "/resources")
        .body()
        .forEach(r -> out.add(r.get("node_name").asText()));
    return out;
  }

  /** Node names of the definition's diskful resources. */
  List<String> diskfulNodesOf(String rd) {
    List<String> out = new ArrayList<>();
    http.get("/v1/resource-definitions/" + rd + "/resources")
        .body()
        .forEach(
            r -> {
              if (!r.path("flags").toString().contains("DISKLESS")) {
                out.add(r.get("node_name").asText());
              }
            });
    return out;
  }

  long freeKib(String node, String pool) {
    return http.get("/v1/nodes/" + node + "/storage-pools/" + pool)
        .body()
        .get("free_capacity")
        .asLong();
  }

  /** The ret_code classes of an ApiCallRc reply. */
  static List<Long> retCodes(Http.Response r) {
    List<Long> out = new ArrayList<>();
    r.body().forEach(e -> out.add(e.get("ret_code").asLong()));
    return out;
  }

  /** The code part (bits 0-14) of every entry. */
  static List<Long> codes(Http.Response r) {
    return retCodes(r).stream().map(c -> c & 0x7FFF).toList();
  }
}
