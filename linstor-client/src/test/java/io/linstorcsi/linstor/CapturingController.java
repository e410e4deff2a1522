package io.linstorcsi.linstor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP server that records every request and answers with an empty success of the
 * expected shape. It knows nothing of LINSTOR's semantics: it exists to see exactly what the client
 * puts on the wire.
 */
final class CapturingController implements AutoCloseable {
  record Captured(
      String method,
      String path,
      List<Map.Entry<String, String>> query,
      byte[] body,
      Map<String, List<String>> headers) {

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final HttpServer server;
  private final List<Captured> requests = new CopyOnWriteArrayList<>();

  CapturingController() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  List<Captured> requests() {
    return List.copyOf(requests);
  }

  void clear() {
    requests.clear();
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    String path = exchange.getRequestURI().getRawPath();
    List<Map.Entry<String, String>> query = new ArrayList<>();
    String rawQuery = exchange.getRequestURI().getRawQuery();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        int eq = pair.indexOf('=');
        query.add(
            Map.entry(
                URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)));
      }
    }
    String method = exchange.getRequestMethod();
    requests.add(
        new Captured(
            method,
            URLDecoder.decode(path, StandardCharsets.UTF_8),
            query,
            body,
            Map.copyOf(exchange.getRequestHeaders())));
    String answer;
    if (method.equals("POST") && path.endsWith("/clone")) {
      answer =
          "{\"location\":\"/v1/x\",\"source_name\":\"a\",\"clone_name\":\"b\",\"messages\":[]}";
    } else if (path.endsWith("/query-size-info")) {
      answer = "{\"space_info\":{\"max_vlm_size_in_kib\":0}}";
    } else if ((method.equals("GET") && path.endsWith("/backups"))
        || path.endsWith("/backups/info")
        || path.endsWith("/backup/queue")) {
      answer = "{}";
    } else if (path.endsWith("/query-max-volume-size")) {
      answer = "{\"candidates\":[]}";
    } else {
      answer = "[]";
    }
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(method.equals("POST") ? 201 : 200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
