package io.linstorcsi.emulator.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.linstorcsi.emulator.BackupControl;
import io.linstorcsi.emulator.DrbdControl;
import io.linstorcsi.emulator.Faults;
import io.linstorcsi.emulator.RequestLog;
import io.linstorcsi.emulator.RequestRecord;
import io.linstorcsi.emulator.server.EmulatorHttpServer;
import io.linstorcsi.emulator.server.Json;
import io.linstorcsi.emulator.state.SyncPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Serves {@code /emulator/...}. Requests carry small JSON bodies; replies are {@code {"ok":true}}
 * or {@code {"error":"..."}} (HTTP 400 for bad input, 404 for unknown paths).
 */
public final class ControlApi implements HttpHandler {
  private final Faults faults;
  private final DrbdControl drbd;
  private final RequestLog requests;
  private final BackupRoutes backups;

  public ControlApi(Faults faults, DrbdControl drbd, RequestLog requests) {
    this(faults, drbd, requests, null);
  }

  public ControlApi(
      Faults faults, DrbdControl drbd, RequestLog requests, BackupControl backupControl) {
    this.faults = faults;
    this.drbd = drbd;
    this.requests = requests;
    this.backups = backupControl == null ? null : new BackupRoutes(backupControl);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    Map<String, List<String>> query =
        EmulatorHttpServer.parseQuery(exchange.getRequestURI().getRawQuery());
    JsonNode body;
    try {
      byte[] raw = exchange.getRequestBody().readAllBytes();
      body = raw.length == 0 ? JsonNodeFactory.instance.objectNode() : Json.MAPPER.readTree(raw);
    } catch (IOException e) {
      reply(exchange, 400, error("body is not JSON: " + e.getMessage()));
      return;
    }
    try {
      Object result = route(method, path.split("/"), query, body);
      if (result == null) {
        reply(exchange, 404, error("no control endpoint " + method + " " + path));
      } else {
        reply(exchange, 200, result);
      }
    } catch (IllegalArgumentException | NullPointerException e) {
      reply(exchange, 400, error(String.valueOf(e.getMessage())));
    } catch (IllegalStateException e) {
      reply(exchange, 409, error(String.valueOf(e.getMessage())));
    }
  }

  /** Path segments: "", "emulator", ... */
  private Object route(String method, String[] p, Map<String, List<String>> query, JsonNode body) {
    int n = p.length;
    if (method.equals("GET") && n == 3 && p[2].equals("health")) {
      return ok();
    }
    if (n >= 3 && p[2].equals("requests")) {
      return requestsEndpoint(method, p, query);
    }
    if (backups != null && n == 4 && p[2].equals("backups")) {
      return backups.backups(method, p[3], body);
    }
    if (backups != null
        && n == 7
        && p[2].equals("resources")
        && p[4].equals("volumes")
        && (p[6].equals("data") || p[6].equals("sha256"))) {
      return backups.volumeData(method, p[3], Integer.parseInt(p[5]), p[6], body);
    }
    if (backups != null
        && method.equals("GET")
        && n == 8
        && p[2].equals("snapshots")
        && p[5].equals("volumes")
        && p[7].equals("sha256")) {
      return backups.snapshotData(p[3], p[4], Integer.parseInt(p[6]));
    }
    if (method.equals("GET") && n == 5 && p[2].equals("drbd")) {
      return replicaState(p[3], p[4]);
    }
    if (!method.equals("POST")) {
      return null;
    }
    if (n == 5 && p[2].equals("nodes")) {
      return nodeAction(p[3], p[4]);
    }
    if (n == 4 && p[2].equals("drbd") && p[3].equals("sync-policy")) {
      drbd.syncPolicy(
          SyncPolicy.parse(required(body, "mode").asText(), body.path("kib_per_second").asLong(0)));
      return ok();
    }
    if (n == 4 && p[2].equals("faults")) {
      return callFault(p[3], body);
    }
    if (n == 6 && p[2].equals("pools")) {
      switch (p[5]) {
        case "full" -> faults.poolFull(p[3], p[4], body.path("full").asBoolean(true));
        case "snapshots-fail" ->
            faults.snapshotsFail(p[3], p[4], body.path("fail").asBoolean(true));
        default -> {
          return null;
        }
      }
      return ok();
    }
    if (n == 7 && p[2].equals("resources") && p[4].equals("volumes") && p[6].equals("write")) {
      faults.writeData(p[3], Integer.parseInt(p[5]), required(body, "kib").asLong());
      return ok();
    }
    if (n >= 5 && p[2].equals("drbd")) {
      return drbd(p, body);
    }
    return null;
  }

  /** /emulator/nodes/{node}/{action}. */
  private Object nodeAction(String node, String action) {
    switch (action) {
      case "offline" -> faults.nodeOffline(node);
      case "online" -> faults.nodeOnline(node);
      case "link-cut" -> drbd.cutLink(node);
      case "link-restore" -> drbd.restoreLink(node);
      default -> {
        return null;
      }
    }
    return ok();
  }

  /** GET /emulator/drbd/{rd}/{node}: one replica's DRBD state. */
  private Object replicaState(String rd, String node) {
    DrbdControl.ReplicaState state = drbd.state(rd, node);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("disk_state", state.diskState());
    ObjectNode connections = out.putObject("connections");
    state.connections().forEach(connections::put);
    if (state.syncPercent() == null) {
      out.putNull("sync_percent");
    } else {
      out.put("sync_percent", state.syncPercent());
    }
    out.put("io_possible", state.ioPossible());
    out.put("in_use", state.inUse());
    return out;
  }

  private Object callFault(String kind, JsonNode body) {
    String method = text(body, "method");
    String path = text(body, "path");
    switch (kind) {
      case "fail" -> faults.failNext(body.path("count").asInt(1), method, path);
      case "hang" ->
          faults.hangNext(
              body.path("count").asInt(1),
              Duration.ofMillis(required(body, "millis").asLong()),
              method,
              path);
      case "latency" -> faults.latency(Duration.ofMillis(required(body, "millis").asLong()));
      case "satellite-delay" ->
          faults.satelliteDelay(Duration.ofMillis(required(body, "millis").asLong()));
      case "clear" -> faults.clearCallFaults();
      default -> {
        return null;
      }
    }
    return ok();
  }

  /** /emulator/drbd/{rd}/{action} or /emulator/drbd/{rd}/{node}/{action}. */
  private Object drbd(String[] p, JsonNode body) {
    if (p.length == 5) {
      return definitionAction(p[3], p[4], body);
    }
    if (p.length == 6) {
      return replicaAction(p[3], p[4], p[5], body);
    }
    return null;
  }

  private Object definitionAction(String rd, String action, JsonNode body) {
    switch (action) {
      case "heal" -> faults.heal(rd);
      case "disconnect" -> {
        List<String> nodes = nodes(body);
        faults.disconnect(rd, nodes.get(0), nodes.get(1));
      }
      case "split-brain" -> {
        List<String> nodes = nodes(body);
        if (nodes.isEmpty()) {
          faults.splitBrain(rd);
        } else {
          faults.splitBrain(rd, nodes.get(0), nodes.get(1));
        }
      }
      case "sync-advance" ->
          drbd.advanceSync(rd, text(body, "node"), required(body, "percent").asDouble());
      case "sync-complete" -> drbd.completeSync(rd);
      default -> {
        return null;
      }
    }
    return ok();
  }

  private Object replicaAction(String rd, String node, String action, JsonNode body) {
    switch (action) {
      case "disk-state" -> faults.diskState(rd, node, required(body, "state").asText());
      case "degrade" -> faults.degrade(rd, node);
      case "no-quorum" -> faults.noQuorum(rd, node);
      case "in-use" ->
          faults.inUse(
              rd,
              node,
              body.has("in_use") && !body.get("in_use").isNull()
                  ? body.get("in_use").asBoolean()
                  : null);
      case "write" -> drbd.write(rd, node, required(body, "kib").asLong());
      case "disconnect" -> drbd.disconnect(rd, node);
      case "connect" -> drbd.connect(rd, node);
      case "down" -> drbd.down(rd, node);
      case "up" -> drbd.up(rd, node);
      default -> {
        return null;
      }
    }
    return ok();
  }

  private Object requestsEndpoint(String method, String[] p, Map<String, List<String>> query) {
    if (method.equals("DELETE") && p.length == 3) {
      requests.reset();
      return ok();
    }
    if (!method.equals("GET")) {
      return null;
    }
    String m = first(query, "method");
    String template = first(query, "template");
    List<RequestRecord> selected = new ArrayList<>();
    for (RequestRecord r : requests.entries()) {
      if ((m == null || r.method().equalsIgnoreCase(m))
          && (template == null || template.equals(r.template()))) {
        selected.add(r);
      }
    }
    if (p.length == 4 && p[3].equals("count")) {
      ObjectNode count = JsonNodeFactory.instance.objectNode();
      count.put("count", selected.size());
      return count;
    }
    if (p.length == 3) {
      var array = JsonNodeFactory.instance.arrayNode();
      for (RequestRecord r : selected) {
        ObjectNode o = array.addObject();
        o.put("method", r.method());
        o.put("path", r.path());
        o.put("template", r.template());
        o.put("status", r.status());
        o.put("started_at", r.startedAt().toString());
        o.put("duration_millis", r.durationMillis());
      }
      return array;
    }
    return null;
  }

  private static List<String> nodes(JsonNode body) {
    List<String> out = new ArrayList<>();
    body.path("nodes").forEach(n -> out.add(n.asText()));
    if (out.size() == 1) {
      throw new IllegalArgumentException("give two nodes (or none for every pair)");
    }
    return out;
  }

  private static String first(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  static JsonNode required(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("missing field '" + field + "'");
    }
    return v;
  }

  static ObjectNode ok() {
    return JsonNodeFactory.instance.objectNode().put("ok", true);
  }

  private static ObjectNode error(String message) {
    return JsonNodeFactory.instance.objectNode().put("error", message);
  }

  private static void reply(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes =
        body instanceof JsonNode node
            ? node.toString().getBytes(StandardCharsets.UTF_8)
            : Json.write(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
