package io.linstorcsi.driver.demo;

import csi.v1.CreateSnapshotRequest;
import csi.v1.DeleteSnapshotRequest;
import csi.v1.Snapshot;
import io.linstorcsi.linstor.ListFilter;
import io.linstorcsi.linstor.model.Backup;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * The walkthrough's optional backup: a VolumeSnapshotClass of type S3, CreateSnapshot repeated as
 * external-snapshotter does while the answer says the backup is still shipping, the backup on the
 * remote and no local snapshot left ({@code delete-local}), and the claim deleted. The walkthrough
 * then restores the backup into a new claim and compares the data.
 */
final class BackupStep {
  static final String REMOTE = "demo-s3";
  private static final String NS = "snap.linstor.csi.linbit.com/";
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration PATIENCE = Duration.ofMinutes(10);

  private final Walkthrough walk;
  private final Narrator say;
  private final S3Target s3;

  BackupStep(Walkthrough walk, S3Target s3) {
    this.walk = walk;
    this.say = walk.narrator();
    this.s3 = s3;
  }

  Map<String, String> classParameters() {
    return Map.of(
        NS + "type",
        "S3",
        NS + "remote-name",
        REMOTE,
        NS + "s3-endpoint",
        s3.endpoint(),
        NS + "s3-bucket",
        s3.bucket(),
        NS + "s3-signing-region",
        s3.region(),
        NS + "s3-use-path-style",
        "true",
        NS + "delete-local",
        "true");
  }

  Map<String, String> secrets() {
    return Map.of("access-key", s3.accessKey(), "secret-key", s3.secretKey());
  }

  /**
   * Backs up the volume, then deletes it. Returns the backup's snapshot id.
   *
   * @param expected the data the restore must show, for the narration only
   */
  String backUp(String volumeId, String expected) throws Exception {
    say.step(
        "VolumeSnapshotClass 'linstor-backup' (type S3, delete-local) and its secret",
        () -> {
          say.raw(
              """
              apiVersion: snapshot.storage.k8s.io/v1
              kind: VolumeSnapshotClass
              metadata: {name: linstor-backup}
              driver: linstor.csi.linbit.com
              deletionPolicy: Delete
              parameters:
                snap.linstor.csi.linbit.com/type: S3
                snap.linstor.csi.linbit.com/remote-name: %s
                snap.linstor.csi.linbit.com/s3-endpoint: %s
                snap.linstor.csi.linbit.com/s3-bucket: %s
                snap.linstor.csi.linbit.com/s3-signing-region: %s
                snap.linstor.csi.linbit.com/s3-use-path-style: "true"
                snap.linstor.csi.linbit.com/delete-local: "true"
                csi.storage.k8s.io/snapshotter-secret-name: demo-s3-keys
                csi.storage.k8s.io/snapshotter-secret-namespace: default
              ---
              kind: Secret
              metadata: {name: demo-s3-keys}
              stringData: {access-key: "***", secret-key: "***"}
              """
                  .formatted(REMOTE, s3.endpoint(), s3.bucket(), s3.region()));
          return null;
        });
    String name = "snapshot-" + UUID.randomUUID();
    String id =
        say.step(
            "external-snapshotter: CreateSnapshot to S3, repeated until ready_to_use",
            () -> shipped(volumeId, name));
    say.step(
        "LINSTOR: the backup is on remote " + REMOTE + "; no local snapshot is left",
        () -> {
          for (Backup b :
              walk.linstor().backups().list(REMOTE, volumeId, null).linstor().values()) {
            say.say("backup %s of %s, complete: %s", b.id(), b.originSnap(), b.succeeded());
          }
          var local = walk.linstor().snapshots().view(ListFilter.all().snapshots(name));
          if (!local.isEmpty()) {
            throw new IllegalStateException(
                "delete-local should have removed the local snapshot " + name);
          }
          say.say("linstor snapshot list: no snapshot %s", name);
          return null;
        });
    say.step(
        "The claim 'data' is deleted: the pod stops, DeleteVolume " + volumeId,
        () -> {
          walk.takeDown(volumeId);
          say.say("what the restore must show: %d lines", expected.lines().count());
          return null;
        });
    return id;
  }

  private String shipped(String volumeId, String name) throws Exception {
    CreateSnapshotRequest request =
        CreateSnapshotRequest.newBuilder()
            .setSourceVolumeId(volumeId)
            .setName(name)
            .putAllParameters(classParameters())
            .putAllSecrets(secrets())
            .build();
    long start = System.nanoTime();
    int notReady = 0;
    while (true) {
      Snapshot s = walk.controllerStub().createSnapshot(request).getSnapshot();
      if (notReady == 0) {
        walk.onTeardown(s.getSnapshotId(), () -> delete(s.getSnapshotId()));
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      if (s.getReadyToUse()) {
        say.say(
            "%s ready after %s and %d answer(s) ready_to_use: false",
            s.getSnapshotId(), Narrator.format(elapsed), notReady);
        return s.getSnapshotId();
      }
      if (notReady++ == 0) {
        say.say("%s: ready_to_use false, shipping to %s", s.getSnapshotId(), s3);
      }
      if (elapsed.compareTo(PATIENCE) > 0) {
        throw new IllegalStateException(
            s.getSnapshotId() + " still shipping after " + Narrator.format(elapsed));
      }
      Thread.sleep(POLL);
    }
  }

  private void delete(String id) {
    walk.controllerStub()
        .deleteSnapshot(
            DeleteSnapshotRequest.newBuilder().setSnapshotId(id).putAllSecrets(secrets()).build());
    say.say("DeleteSnapshot %s (backup removed from the bucket)", id);
  }
}
