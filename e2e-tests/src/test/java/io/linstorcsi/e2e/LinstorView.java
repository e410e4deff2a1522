package io.linstorcsi.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What LINSTOR holds, read over its REST API with plain HTTP, independent of the driver's own
 * client, so a client bug cannot hide a leak.
 */
final class LinstorView {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The group every LINSTOR controller has. */
  static final String DEFAULT_GROUP = "DfltRscGrp";

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  LinstorView(URI base) {
    this.base = base;
  }

  List<String> resourceDefinitions() {
    List<String> out = new ArrayList<>();
    for (JsonNode rd : get("/v1/resource-definitions")) {
      out.add(rd.path("name").asText());
    }
    return out;
  }

  /** The properties of one resource definition. */
  Map<String, String> properties(String rd) {
    Map<String, String> out = new TreeMap<>();
    JsonNode answer = get("/v1/resource-definitions/" + rd);
    // one definition; some LINSTOR versions wrap it in a list
    JsonNode def = answer.isArray() ? answer.path(0) : answer;
    def.path("props").properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  List<String> resourceGroups() {
    List<String> out = new ArrayList<>();
    for (JsonNode rg : get("/v1/resource-groups")) {
      out.add(rg.path("name").asText());
    }
    return out;
  }

  /** Snapshots as {@code resource@snapshot}. */
  List<String> snapshots() {
    List<String> out = new ArrayList<>();
    for (JsonNode s : get("/v1/view/snapshots")) {
      out.add(s.path("resource_name").asText() + "@" + s.path("name").asText());
    }
    return out;
  }

  /**
   * The resources of {@code rd} by node name; {@code " (diskless)"} is appended for a diskless
   * resource and {@code " (tie-breaker)"} for the diskless quorum tie-breaker LINSTOR adds itself.
   */
  List<String> replicas(String rd) {
    List<String> out = new ArrayList<>();
    for (JsonNode r : get("/v1/resource-definitions/" + rd + "/resources")) {
      List<String> flags = new ArrayList<>();
      r.path("flags").forEach(f -> flags.add(f.asText()));
      String suffix =
          flags.contains("TIE_BREAKER")
              ? " (tie-breaker)"
              : flags.stream().anyMatch(f -> f.contains("DISKLESS")) ? " (diskless)" : "";
      out.add(r.path("node_name").asText() + suffix);
    }
    return out;
  }

  /** The nodes with a disk of {@code rd}. */
  List<String> diskfulReplicas(String rd) {
    return replicas(rd).stream().filter(r -> !r.contains(" (")).toList();
  }

  /**
   * Best effort: deletes every snapshot, resource definition and resource group but the default.
   */
  void deleteEverything() {
    for (String s : snapshots()) {
      String[] parts = s.split("@", 2);
      delete("/v1/resource-definitions/" + parts[0] + "/snapshots/" + parts[1]);
    }
    for (String rd : resourceDefinitions()) {
      delete("/v1/resource-definitions/" + rd);
    }
    for (String rg : resourceGroups()) {
      if (!rg.equals(DEFAULT_GROUP)) {
        delete("/v1/resource-groups/" + rg);
      }
    }
  }

  private JsonNode get(String path) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 404) {
        return JSON.createArrayNode();
      }
      if (r.statusCode() != 200) {
        throw new IllegalStateException("GET " + path + " -> " + r.statusCode() + ": " + r.body());
      }
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException("GET " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void delete(String path) {
    try {
      http.send(
          HttpRequest.newBuilder(base.resolve(path))
              .DELETE()
              .timeout(Duration.ofSeconds(30))
              .build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      // best effort
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
