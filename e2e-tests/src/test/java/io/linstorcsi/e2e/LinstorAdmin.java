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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an operator does with {@code linstor remote ...}, {@code linstor backup list} and {@code
 * linstor snapshot delete}, over LINSTOR's REST API directly (not through the driver's client, so
 * that the tests check the driver against LINSTOR's view): create remotes in a cluster the driver
 * never configured, and look at what a remote holds.
 */
final class LinstorAdmin {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  LinstorAdmin(URI base) {
    this.base = base;
  }

  /** {@code linstor remote create s3 ...} */
  void createS3(String name, S3Server s3, String bucket) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("remote_name", name);
    body.put("endpoint", s3.endpoint());
    body.put("bucket", bucket);
    body.put("region", S3Server.REGION);
    body.put("access_key", s3.accessKey());
    body.put("secret_key", s3.secretKey());
    body.put("use_path_style", true);
    send("POST", "/v1/remotes/s3", body);
  }

  /** {@code linstor remote create linstor [--cluster-id ID] NAME URL} */
  void createLinstor(String name, String url, String clusterId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("remote_name", name);
    body.put("url", url);
    if (clusterId != null) {
      body.put("cluster_id", clusterId);
    }
    send("POST", "/v1/remotes/linstor", body);
  }

  /** The names of every remote, of any kind. */
  List<String> names() {
    List<String> out = new ArrayList<>();
    JsonNode doc = send("GET", "/v1/remotes", null);
    for (JsonNode list : doc.isArray() ? doc : JSON.createArrayNode().add(doc)) {
      for (String kind : List.of("s3_remotes", "linstor_remotes", "ebs_remotes")) {
        list.path(kind).forEach(r -> out.add(r.path("remote_name").asText()));
      }
    }
    return out;
  }

  /** {@code linstor remote delete NAME}; absent is fine. */
  void delete(String name) {
    send("DELETE", "/v1/remotes?remote_name=" + name, null);
  }

  /** The ids of the backups an S3 remote lists. */
  List<String> backupIds(String remote) {
    List<String> out = new ArrayList<>();
    send("GET", "/v1/remotes/" + remote + "/backups", null)
        .path("linstor")
        .fieldNames()
        .forEachRemaining(out::add);
    return out;
  }

  /** {@code linstor snapshot delete RD SNAPSHOT}, without the driver; absent is fine. */
  void deleteSnapshot(String resource, String snapshot) {
    send("DELETE", "/v1/resource-definitions/" + resource + "/snapshots/" + snapshot, null);
  }

  /** This cluster's {@code Cluster/LocalID}, which another cluster's remote names it by. */
  String clusterId() {
    JsonNode props = send("GET", "/v1/controller/properties", null);
    return props.path("Cluster/LocalID").asText(null);
  }

  private JsonNode send(String method, String path, Object body) {
    try {
      HttpRequest.Builder req =
          HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
      if (body != null) {
        req.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      } else {
        req.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 404 && method.equals("DELETE")) {
        return JSON.nullNode();
      }
      if (r.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            method + " " + path + " -> " + r.statusCode() + ": " + r.body());
      }
      return r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
