package io.linstorcsi.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small JSON client over java.net.http for the emulator's own tests. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();

  /** A status and the parsed JSON body (null when empty). */
  record Response(int status, JsonNode body) {}

  private final HttpClient client;
  private final URI base;

  Http(URI base) {
    this(base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
  }

  Http(URI base, HttpClient client) {
    this.base = base;
    this.client = client;
  }

  Response get(String path) {
    return send("GET", path, null);
  }

  Response post(String path, String json) {
    return send("POST", path, json);
  }

  Response put(String path, String json) {
    return send("PUT", path, json);
  }

  Response delete(String path) {
    return send("DELETE", path, null);
  }

  Response send(String method, String path, String json) {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    if (json == null) {
      req.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      req.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    try {
      HttpResponse<String> resp = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body = resp.body().isEmpty() ? null : JSON.readTree(resp.body());
      return new Response(resp.statusCode(), body);
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
