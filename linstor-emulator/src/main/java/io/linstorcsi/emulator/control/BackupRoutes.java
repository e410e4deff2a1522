package io.linstorcsi.emulator.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linstorcsi.emulator.BackupControl;
import io.linstorcsi.emulator.backup.Shipment;
import io.linstorcsi.emulator.state.SyncPolicy;
import java.util.Base64;

/**
 * {@code /emulator/backups/...} and the volume data endpoints: pace and faults of backup shipping,
 * the running shipments, bytes in and checksums out.
 */
final class BackupRoutes {
  private final BackupControl backups;

  BackupRoutes(BackupControl backups) {
    this.backups = backups;
  }

  /** /emulator/backups/{action}; null when unknown. */
  Object backups(String method, String action, JsonNode body) {
    if (method.equals("GET") && action.equals("shipments")) {
      return shipments();
    }
    if (!method.equals("POST")) {
      return null;
    }
    switch (action) {
      case "pace" ->
          backups.pace(
              SyncPolicy.parse(
                  ControlApi.required(body, "mode").asText(),
                  body.path("kib_per_second").asLong(0)));
      case "advance" -> backups.advance(ControlApi.required(body, "kib").asLong());
      case "release" -> backups.release();
      case "hang-next" -> backups.hangNext(body.path("count").asInt(1));
      case "interrupt-next" -> backups.interruptNext(body.path("count").asInt(1));
      case "interrupt" -> {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("ok", true);
        out.put("interrupted", backups.interruptRunning());
        return out;
      }
      case "restart-controller" -> {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("ok", true);
        out.put("aborted", backups.restartController());
        return out;
      }
      case "s3-unreachable" -> backups.s3Unreachable(body.path("on").asBoolean(true));
      case "s3-credentials-refused" ->
          backups.s3CredentialsRefused(body.path("on").asBoolean(true));
      default -> {
        return null;
      }
    }
    return ControlApi.ok();
  }

  private Object shipments() {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (Shipment s : backups.running()) {
      ObjectNode o = out.addObject();
      o.put("remote", s.remote());
      o.put("resource", s.resource());
      o.put("snapshot", s.snapshot());
      o.put("node", s.node());
      o.put("direction", s.direction().name());
      o.put("incremental", s.incremental());
      o.put("done_bytes", s.doneBytes());
      o.put("total_bytes", s.totalBytes());
    }
    return out;
  }

  /**
   * POST /emulator/resources/{rd}/volumes/{n}/data {"offset":0,"base64":"..."}; GET
   * .../volumes/{n}/sha256.
   */
  Object volumeData(String method, String rd, int volume, String action, JsonNode body) {
    if (method.equals("POST") && action.equals("data")) {
      byte[] data = Base64.getDecoder().decode(ControlApi.required(body, "base64").asText());
      backups.write(rd, volume, body.path("offset").asLong(0), data);
      return ControlApi.ok();
    }
    if (method.equals("GET") && action.equals("sha256")) {
      return sha(backups.sha256(rd, volume));
    }
    return null;
  }

  /** GET /emulator/snapshots/{rd}/{snapshot}/volumes/{n}/sha256. */
  Object snapshotData(String rd, String snapshot, int volume) {
    return sha(backups.snapshotSha256(rd, snapshot, volume));
  }

  private static ObjectNode sha(String hex) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("sha256", hex);
    return out;
  }
}
