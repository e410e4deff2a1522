package io.linstorcsi.e2e;

import csi.v1.CreateVolumeGroupSnapshotRequest;
import csi.v1.DeleteVolumeGroupSnapshotRequest;
import csi.v1.GroupControllerGrpc;
import csi.v1.Snapshot;
import csi.v1.VolumeGroupSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * external-snapshotter with CSIVolumeGroupSnapshot: a VolumeGroupSnapshot becomes
 * CreateVolumeGroupSnapshot, repeated until it is ready; deleting it becomes
 * DeleteVolumeGroupSnapshot with every member's snapshot id.
 */
final class GroupSnapshotter {
  private final Cluster cluster;
  private final Undo undo;

  GroupSnapshotter(Cluster cluster, Undo undo) {
    this.cluster = cluster;
    this.undo = undo;
  }

  private GroupControllerGrpc.GroupControllerBlockingStub stub() {
    return GroupControllerGrpc.newBlockingStub(cluster.controllerProcess().channel())
        .withDeadlineAfter(Cluster.CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  VolumeGroupSnapshot snapshot(List<Pv> sources) throws InterruptedException {
    CreateVolumeGroupSnapshotRequest request =
        CreateVolumeGroupSnapshotRequest.newBuilder()
            .setName("groupsnapshot-" + UUID.randomUUID())
            .addAllSourceVolumeIds(sources.stream().map(Pv::id).toList())
            .build();
    Instant deadline = Instant.now().plus(Cluster.CALL_DEADLINE);
    while (true) {
      VolumeGroupSnapshot g = stub().createVolumeGroupSnapshot(request).getGroupSnapshot();
      undo.register(
          g.getGroupSnapshotId(),
          "DeleteVolumeGroupSnapshot " + g.getGroupSnapshotId(),
          () -> delete(g));
      if (g.getReadyToUse()) {
        return g;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "group snapshot " + g.getGroupSnapshotId() + " never became ready");
      }
      Thread.sleep(Duration.ofMillis(200));
    }
  }

  void delete(VolumeGroupSnapshot g) {
    stub()
        .deleteVolumeGroupSnapshot(
            DeleteVolumeGroupSnapshotRequest.newBuilder()
                .setGroupSnapshotId(g.getGroupSnapshotId())
                .addAllSnapshotIds(
                    g.getSnapshotsList().stream().map(Snapshot::getSnapshotId).toList())
                .build());
    undo.forget(g.getGroupSnapshotId());
  }

  /** The member snapshot of {@code source}. */
  static Snapshot memberOf(VolumeGroupSnapshot g, Pv source) {
    return g.getSnapshotsList().stream()
        .filter(s -> s.getSourceVolumeId().equals(source.id()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no member of " + source.id() + " in " + g));
  }
}
