package io.linstorcsi.controller.provisioning;

import io.linstorcsi.linstor.model.DrbdConnection;
import io.linstorcsi.linstor.model.DrbdResource;
import io.linstorcsi.linstor.model.LayerObject;
import io.linstorcsi.linstor.model.ResourceWithVolumes;
import io.linstorcsi.linstor.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
    List<String> resyncs = new ArrayList<>();
    Set<String> nodes = new TreeSet<>();
    int drbdResources = 0;
    int drbdDiskful = 0;
    int upToDate = 0;
    for (ResourceWithVolumes r : resources) {
      if (Resources.isDeleting(r.flags())) {
        continue;
      }
      nodes.add(r.nodeName());
      if (isDrbd(r)) {
        drbdResources++;
        drbdDiskful += Resources.isDiskless(r.flags()) ? 0 : 1;
      }
      if (r.state() == null) {
        problems.add(r.nodeName() + ": satellite not connected, state unknown");
        continue;
      }
      boolean allUpToDate = isDrbd(r) && !Resources.isDiskless(r.flags());
      for (Volume v : r.volumes() == null ? List.<Volume>of() : r.volumes()) {
        String disk = v.state() == null ? null : v.state().diskState();
        allUpToDate &= "UpToDate".equals(disk);
        if (disk != null && !disk.isEmpty() && !HEALTHY_DISKS.contains(disk) && isDrbd(r)) {
          Optional<Double> done = syncTargetProgress(v);
          if (done.isPresent()) {
            resyncs.add(
                String.format(Locale.ROOT, "resync to %s %.1f%% done", r.nodeName(), done.get()));
          } else {
            problems.add(r.nodeName() + ": disk " + disk);
          }
        }
      }
      upToDate += allUpToDate ? 1 : 0;
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
    if (!resyncs.isEmpty()) {
      // Until the resync ends the volume has no redundancy: losing the source loses the data.
      problems.add(
          0,
          String.join(", ", resyncs)
              + ": "
              + (upToDate == 1 ? "one UpToDate copy only" : upToDate + " UpToDate copies"));
    }
    if (problems.isEmpty()) {
      return new VolumeStatus(false, healthy(drbdResources, drbdDiskful), nodes);
    }
    return new VolumeStatus(true, String.join("; ", problems), nodes);
  }

  /**
   * DRBD needs a third voter (a replica or a diskless tie-breaker) for quorum; with two replicas
   * alone either side keeps writing when the link between them breaks, which is a split brain.
   * Healthy today, so not abnormal, but the operator should know.
   */
  private static String healthy(int drbdResources, int drbdDiskful) {
    if (drbdResources == 2 && drbdDiskful == 2) {
      return "volume healthy; no quorum possible: two replicas and no third node for a"
          + " tie-breaker, so a network partition between them can cause a split brain";
    }
    return "volume healthy";
  }

  /** The progress of a resync this volume receives, from its replication state to the source. */
  private static Optional<Double> syncTargetProgress(Volume v) {
    if (v.state() == null || v.state().replicationStates() == null) {
      return Optional.empty();
    }
    return v.state().replicationStates().values().stream()
        .filter(rs -> rs != null && "SyncTarget".equals(rs.replicationState()))
        .map(rs -> rs.donePercentage() == null ? 0.0 : rs.donePercentage())
        .findFirst();
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
