package io.linstorcsi.e2e;

import csi.v1.CreateSnapshotRequest;
import csi.v1.CreateSnapshotResponse;
import csi.v1.DeleteSnapshotRequest;
import csi.v1.Snapshot;
import csi.v1.VolumeContentSource;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * external-snapshotter: a VolumeSnapshot becomes CreateSnapshot, repeated with the same name until
 * the snapshot is ready to use; deleting it becomes DeleteSnapshot.
 */
final class Snapshotter {
  private final Cluster cluster;
  private final Undo undo;

  Snapshotter(Cluster cluster, Undo undo) {
    this.cluster = cluster;
    this.undo = undo;
  }

  Snapshot snapshot(Pv source) throws InterruptedException {
    CreateSnapshotRequest request = request(source, "snapshot-" + UUID.randomUUID());
    Instant deadline = Instant.now().plus(Cluster.CALL_DEADLINE);
    while (true) {
      Snapshot s = cluster.controller().createSnapshot(request).getSnapshot();
      undo.register(s.getSnapshotId(), "DeleteSnapshot " + s.getSnapshotId(), () -> delete(s));
      if (s.getReadyToUse()) {
        return s;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("snapshot " + s.getSnapshotId() + " never became ready");
      }
      Thread.sleep(Duration.ofMillis(200));
    }
  }

  /** The snapshot an answer describes, registered for deletion. */
  Snapshot accept(CreateSnapshotResponse response) {
    Snapshot s = response.getSnapshot();
    undo.register(s.getSnapshotId(), "DeleteSnapshot " + s.getSnapshotId(), () -> delete(s));
    return s;
  }

  CreateSnapshotRequest request(Pv source, String name) {
    return CreateSnapshotRequest.newBuilder().setSourceVolumeId(source.id()).setName(name).build();
  }

  void delete(Snapshot s) {
    cluster
        .controller()
        .deleteSnapshot(
            DeleteSnapshotRequest.newBuilder().setSnapshotId(s.getSnapshotId()).build());
    undo.forget(s.getSnapshotId());
  }

  static VolumeContentSource source(Snapshot s) {
    return VolumeContentSource.newBuilder()
        .setSnapshot(
            VolumeContentSource.SnapshotSource.newBuilder().setSnapshotId(s.getSnapshotId()))
        .build();
  }

  static VolumeContentSource clone(Pv pv) {
    return VolumeContentSource.newBuilder()
        .setVolume(VolumeContentSource.VolumeSource.newBuilder().setVolumeId(pv.id()))
        .build();
  }
}
