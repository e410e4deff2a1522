package io.linstorcsi.controller.provisioning;

import io.linstorcsi.linstor.model.DrbdConnection;
import io.linstorcsi.linstor.model.DrbdResource;
import io.linstorcsi.linstor.model.LayerObject;
import io.linstorcsi.linstor.model.ResourceWithVolumes;
import io.linstorcsi.linstor.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A volume's health and attachments from its resources: the CSI VolumeCondition and the nodes it is
 * published on.
 *
 * @param abnormal something needs attention
 * @param message what, per node
 * @param nodes nodes holding a resource (replica or attachment) of the volume
 */
public record VolumeStatus(boolean abnormal, String message, Set<String> nodes) {
  private static final Set<String> HEALTHY_DISKS = Set.of("UpToDate", "Diskless");

  public VolumeStatus {
    nodes = Set.copyOf(nodes);
  }

  public static VolumeStatus of(List<ResourceWithVolumes> resources) {
    List<String> problems = new ArrayList<>();
    Set<String> nodes = new TreeSet<>();
    for (ResourceWithVolumes r : resources) {
      if (Resources.isDeleting(r.flags())) {
        continue;
      }
      nodes.add(r.nodeName());
      if (r.state() == null) {
        problems.add(r.nodeName() + ": satellite not connected, state unknown");
        continue;
      }
      for (Volume v : r.volumes() == null ? List.<Volume>of() : r.volumes()) {
        String disk = v.state() == null ? null : v.state().diskState();
        if (disk != null && !disk.isEmpty() && !HEALTHY_DISKS.contains(disk) && isDrbd(r)) {
          problems.add(r.nodeName() + ": disk " + disk);
        }
      }
      DrbdResource drbd = drbd(r.layerObject());
      if (drbd != null) {
        Map<String, DrbdConnection> conns =
            drbd.connections() == null ? Map.of() : drbd.connections();
        conns.forEach(
            (peer, c) -> {
              if (c != null && Boolean.FALSE.equals(c.connected())) {
                problems.add(
                    r.nodeName()
                        + ": not connected to "
                        + peer
                        + (c.message() == null || c.message().isEmpty()
                            ? ""
                            : " (" + c.message() + ")"));
              }
            });
        if (drbd.promotionScore() != null
            && drbd.promotionScore() == 0
            && Boolean.FALSE.equals(drbd.mayPromote())
            && !Resources.isDiskless(r.flags())) {
          problems.add(r.nodeName() + ": cannot be promoted (no quorum or no up-to-date data)");
        }
      }
    }
    if (problems.isEmpty()) {
      return new VolumeStatus(false, "volume healthy", nodes);
    }
    return new VolumeStatus(true, String.join("; ", problems), nodes);
  }

  private static boolean isDrbd(ResourceWithVolumes r) {
    return drbd(r.layerObject()) != null;
  }

  private static DrbdResource drbd(LayerObject layer) {
    LayerObject current = layer;
    while (current != null) {
      if (current.drbd() != null) {
        return current.drbd();
      }
      current =
          current.children() == null || current.children().size() != 1
              ? null
              : current.children().get(0);
    }
    return null;
  }
}
