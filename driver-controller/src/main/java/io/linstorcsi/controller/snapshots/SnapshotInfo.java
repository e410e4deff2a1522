package io.linstorcsi.controller.snapshots;

import io.linstorcsi.controller.ids.SnapshotId;
import io.linstorcsi.controller.provisioning.SnapshotFlags;
import io.linstorcsi.linstor.model.Snapshot;
import io.linstorcsi.linstor.model.SnapshotNode;
import io.linstorcsi.linstor.model.SnapshotVolumeDefinition;
import java.time.Instant;

/**
 * A snapshot as CSI reports it.
 *
 * @param id its id
 * @param sizeBytes size of the snapshotted volume
 * @param created earliest creation time among its nodes
 * @param ready LINSTOR marked it successful
 */
public record SnapshotInfo(SnapshotId id, long sizeBytes, Instant created, boolean ready) {

  public static SnapshotInfo of(Snapshot s, int volumeNumber) {
    long size = 0;
    if (s.volumeDefinitions() != null) {
      for (SnapshotVolumeDefinition vd : s.volumeDefinitions()) {
        if (vd.volumeNumber() != null
            && vd.volumeNumber() == volumeNumber
            && vd.sizeKib() != null) {
          size = vd.sizeKib() * 1024;
        }
      }
    }
    long createdMs = Long.MAX_VALUE;
    if (s.snapshots() != null) {
      for (SnapshotNode n : s.snapshots()) {
        if (n.createTimestamp() != null) {
          createdMs = Math.min(createdMs, n.createTimestamp());
        }
      }
    }
    Instant created = createdMs == Long.MAX_VALUE ? Instant.EPOCH : Instant.ofEpochMilli(createdMs);
    SnapshotId id =
        new SnapshotId(SnapshotId.Type.IN_CLUSTER, "", s.resourceName(), volumeNumber, s.name());
    return new SnapshotInfo(id, size, created, SnapshotFlags.ready(s.flags()));
  }

  /** The same snapshot under another id (a remote one) and readiness. */
  public SnapshotInfo as(SnapshotId newId, boolean isReady) {
    return new SnapshotInfo(newId, sizeBytes, created, isReady);
  }
}
