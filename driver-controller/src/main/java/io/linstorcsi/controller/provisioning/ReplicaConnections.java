package io.linstorcsi.controller.provisioning;

import io.linstorcsi.linstor.model.DrbdConnection;
import io.linstorcsi.linstor.model.DrbdResource;
import io.linstorcsi.linstor.model.LayerObject;
import io.linstorcsi.linstor.model.ResourceWithVolumes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether the diskful DRBD replicas of a volume are connected to each other, read from LINSTOR's
 * view of its resources. A new volume is only replicated once they are: replicas without a shared
 * DRBD history refuse each other ({@code uuid_compare()=unrelated-data}: one side StandAlone, the
 * other Connecting) and stay that way.
 */
sealed interface ReplicaConnections {

  /** Every pair of diskful replicas is connected (or there is no pair). */
  record Connected() implements ReplicaConnections {}

  /** Still coming up: a peer is connecting, a satellite has not reported yet. */
  record Pending(String why) implements ReplicaConnections {}

  /** A replica gave up on a peer (StandAlone): DRBD will not connect them by itself. */
  record Broken(String why) implements ReplicaConnections {}

  static ReplicaConnections of(List<ResourceWithVolumes> resources) {
    List<ResourceWithVolumes> diskful =
        resources.stream()
            .filter(r -> Resources.isDiskful(r.flags()) && drbd(r.layerObject()) != null)
            .toList();
    List<String> pending = new ArrayList<>();
    for (ResourceWithVolumes r : diskful) {
      if (r.state() == null) {
        pending.add(r.nodeName() + " has not reported its state");
        continue;
      }
      Map<String, DrbdConnection> conns = drbd(r.layerObject()).connections();
      for (ResourceWithVolumes peer : diskful) {
        if (peer == r) {
          continue;
        }
        DrbdConnection c = conns == null ? null : conns.get(peer.nodeName());
        if (c != null && Boolean.TRUE.equals(c.connected())) {
          continue;
        }
        String state = c == null || c.message() == null ? "not reported" : c.message();
        if ("StandAlone".equals(state)) {
          return new Broken(
              r.nodeName()
                  + " refuses "
                  + peer.nodeName()
                  + " (StandAlone: the replicas hold unrelated data)");
        }
        pending.add(r.nodeName() + " to " + peer.nodeName() + ": " + state);
      }
    }
    return pending.isEmpty() ? new Connected() : new Pending(String.join(", ", pending));
  }

  private static DrbdResource drbd(LayerObject layer) {
    return layer == null ? null : layer.find("DRBD").map(LayerObject::drbd).orElse(null);
  }
}
