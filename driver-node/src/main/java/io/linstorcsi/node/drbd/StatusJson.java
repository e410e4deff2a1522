package io.linstorcsi.node.drbd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses DRBD 9's {@code drbdsetup status --json [--verbose --statistics]}. Quirks handled: the
 * per-peer volume array is {@code peer_devices} (underscore) while all other keys use hyphens,
 * {@code resync-suspended} is a string, and a resource that is down gives {@code []}. DRBD 8.4's
 * drbdsetup has no {@code --json}; {@code events2 --now} serves there.
 */
public final class StatusJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] SUSPENSIONS = {"user", "no-data", "fencing", "quorum"};

  private StatusJson() {}

  public static List<DrbdResource> parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("drbdsetup status --json gave invalid JSON: " + e, e);
    }
    List<DrbdResource> out = new ArrayList<>();
    if (root == null || !root.isArray()) {
      return out;
    }
    for (JsonNode r : root) {
      out.add(resource(r));
    }
    return out;
  }

  private static DrbdResource resource(JsonNode r) {
    List<DrbdResource.Device> devices = new ArrayList<>();
    for (JsonNode d : r.path("devices")) {
      devices.add(
          new DrbdResource.Device(
              d.path("volume").asInt(0),
              d.path("minor").asInt(-1),
              d.path("disk-state").asText(null),
              d.path("client").asBoolean(false),
              d.has("quorum") && !d.path("quorum").asBoolean(true),
              d.path("size").asLong(-1)));
    }
    List<DrbdResource.Connection> connections = new ArrayList<>();
    for (JsonNode c : r.path("connections")) {
      List<DrbdResource.PeerDevice> peers = new ArrayList<>();
      for (JsonNode p : c.path("peer_devices")) {
        boolean details = p.path("has-sync-details").asBoolean(false);
        peers.add(
            new DrbdResource.PeerDevice(
                p.path("volume").asInt(0),
                p.path("replication-state").asText(null),
                p.path("peer-disk-state").asText(null),
                p.path("peer-client").asBoolean(false),
                p.path("out-of-sync").asLong(0),
                details ? p.path("percent-resync-done").asDouble(-1) : -1));
      }
      String peer = c.path("name").asText("");
      connections.add(
          new DrbdResource.Connection(
              peer.isEmpty() ? "peer-node-id " + c.path("peer-node-id").asText("?") : peer,
              c.path("connection-state").asText(null),
              c.path("peer-role").asText(null),
              peers));
    }
    return new DrbdResource(
        r.path("name").asText(), r.path("role").asText(null), suspension(r), devices, connections);
  }

  /** The same words events2 uses ("no", "quorum", "user,no-data"). */
  private static String suspension(JsonNode r) {
    List<String> reasons = new ArrayList<>();
    for (String reason : SUSPENSIONS) {
      if (r.path("suspended-" + reason).asBoolean(false)) {
        reasons.add(reason);
      }
    }
    if (reasons.isEmpty() && r.path("suspended").asBoolean(false)) {
      reasons.add("yes");
    }
    return reasons.isEmpty() ? "no" : String.join(",", reasons);
  }
}
