package io.linstorcsi.driver.status;

import io.linstorcsi.linstor.model.Node;
import io.linstorcsi.linstor.model.ResourceWithVolumes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Nodes whose satellite is not connected, and nodes LINSTOR has evicted. */
final class NodeRule implements Rule {
  @Override
  public List<Finding> check(ClusterSnapshot snapshot, RuleSettings settings) {
    List<Finding> out = new ArrayList<>();
    for (Node node : snapshot.nodes()) {
      if (node.flags().contains("EVICTED")) {
        out.add(evicted(node));
      } else if (!node.online()) {
        out.add(notConnected(node, snapshot, settings.now()));
      }
    }
    return out;
  }

  private static Finding evicted(Node node) {
    return Finding.forNode(
        Severity.ERROR,
        node.name(),
        "evicted: LINSTOR gave up on it and re-placed its replicas elsewhere where it could",
        "once the node works again: linstor node restore "
            + node.name()
            + "; if it is gone for good: linstor node lost "
            + node.name());
  }

  private static Finding notConnected(Node node, ClusterSnapshot snapshot, Instant now) {
    String status = node.connectionStatus() == null ? "UNKNOWN" : node.connectionStatus();
    long replicas =
        snapshot.resources().stream()
            .map(ResourceWithVolumes::nodeName)
            .filter(node.name()::equals)
            .count();
    StringBuilder reason = new StringBuilder(status).append(": satellite not connected");
    if (replicas > 0) {
      reason.append("; ").append(replicas).append(" resource(s) on it report no state");
    }
    if (node.evictionTimestamp() != null) {
      Instant at = Instant.ofEpochMilli(node.evictionTimestamp()).truncatedTo(ChronoUnit.SECONDS);
      reason.append(at.isAfter(now) ? "; LINSTOR evicts it at " : "; eviction due since ");
      reason.append(at);
    }
    String action =
        "VERSION_MISMATCH".equals(status)
            ? "run the controller's LINSTOR version on the satellite of " + node.name()
            : "start or repair the LINSTOR satellite on "
                + node.name()
                + " (service or pod, network to the controller); replicas on other nodes keep"
                + " serving meanwhile";
    return Finding.forNode(Severity.ERROR, node.name(), reason.toString(), action);
  }
}
