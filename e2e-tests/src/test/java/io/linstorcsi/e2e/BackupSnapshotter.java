package io.linstorcsi.e2e;

import csi.v1.CreateSnapshotRequest;
import csi.v1.DeleteSnapshotRequest;
import csi.v1.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * external-snapshotter with a VolumeSnapshotClass of a remote type: CreateSnapshot with the class's
 * parameters and secret, called again with the same name while the answer says {@code ready_to_use:
 * false} (the backup is still being shipped), and DeleteSnapshot with the secret.
 */
final class BackupSnapshotter {
  private static final Duration POLL = Duration.ofMillis(200);

  private final Cluster cluster;
  private final Undo undo;

  /**
   * A snapshot once ready, and every answer before (the not-ready ones first), which say how the
   * shipment went.
   */
  record Shipped(Snapshot snapshot, List<Snapshot> answers) {
    long notReadyAnswers() {
      return answers.stream().filter(a -> !a.getReadyToUse()).count();
    }
  }

  BackupSnapshotter(Cluster cluster, Undo undo) {
    this.cluster = cluster;
    this.undo = undo;
  }

  CreateSnapshotRequest request(Pv source, String name, SnapshotClass cls) {
    return CreateSnapshotRequest.newBuilder()
        .setSourceVolumeId(source.id())
        .setName(name)
        .putAllParameters(cls.parameters())
        // --extra-create-metadata, as the Piraeus deployment runs the sidecar
        .putParameters("csi.storage.k8s.io/volumesnapshot/name", name)
        .putParameters("csi.storage.k8s.io/volumesnapshot/namespace", "default")
        .putParameters("csi.storage.k8s.io/volumesnapshotcontent/name", "snapcontent-" + name)
        .putAllSecrets(cls.secrets())
        .build();
  }

  /** A backup of {@code source}, polled until shipped. */
  Shipped backup(Pv source, SnapshotClass cls) throws InterruptedException {
    return poll(request(source, "snapshot-" + UUID.randomUUID(), cls), cls);
  }

  /** CreateSnapshot repeated with {@code request} until ready. */
  Shipped poll(CreateSnapshotRequest request, SnapshotClass cls) throws InterruptedException {
    return poll(request, cls, Cluster.CALL_DEADLINE);
  }

  /** The same, for shipments that take longer than a call (large volumes). */
  Shipped poll(CreateSnapshotRequest request, SnapshotClass cls, Duration patience)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(patience);
    List<Snapshot> answers = new ArrayList<>();
    while (true) {
      Snapshot s = once(request, cls);
      answers.add(s);
      if (s.getReadyToUse()) {
        return new Shipped(s, List.copyOf(answers));
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("backup " + s.getSnapshotId() + " never became ready");
      }
      Thread.sleep(POLL);
    }
  }

  /** One CreateSnapshot call; the snapshot it names is registered for deletion. */
  Snapshot once(CreateSnapshotRequest request, SnapshotClass cls) {
    Snapshot s = cluster.controller().createSnapshot(request).getSnapshot();
    undo.register(s.getSnapshotId(), "DeleteSnapshot " + s.getSnapshotId(), () -> delete(s, cls));
    return s;
  }

  /** The snapshot a statically provisioned VolumeSnapshotContent names, to delete at the end. */
  void adopt(String snapshotId, SnapshotClass cls) {
    Snapshot s = Snapshot.newBuilder().setSnapshotId(snapshotId).build();
    undo.register(snapshotId, "DeleteSnapshot " + snapshotId, () -> delete(s, cls));
  }

  void delete(Snapshot s, SnapshotClass cls) {
    cluster
        .controller()
        .deleteSnapshot(
            DeleteSnapshotRequest.newBuilder()
                .setSnapshotId(s.getSnapshotId())
                .putAllSecrets(cls.secrets())
                .build());
    undo.forget(s.getSnapshotId());
  }

  /** Forgets a snapshot the test deleted some other way (or that deliberately stays). */
  void forget(Snapshot s) {
    undo.forget(s.getSnapshotId());
  }
}
