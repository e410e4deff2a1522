package io.linstorcsi.controller.it;

import csi.v1.CreateSnapshotRequest;
import csi.v1.CreateSnapshotResponse;
import csi.v1.CreateVolumeRequest;
import csi.v1.VolumeContentSource;
import io.linstorcsi.emulator.LinstorEmulator;
import io.linstorcsi.linstor.model.S3Remote;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** VolumeSnapshotClass parameters and calls of the backup tests. */
final class BackupFixtures {
  static final String NS = "snap.linstor.csi.linbit.com/";
  static final String BUCKET = "csi-backups";

  private BackupFixtures() {}

  /**
   * A controller on an emulated cluster whose pool can ship snapshots: linstor-server ships only
   * from LVM_THIN, ZFS and ZFS_THIN pools (the suite's default FILE_THIN cannot).
   */
  static ControllerHarness shippingCluster() throws Exception {
    LinstorEmulator emu =
        LinstorEmulator.builder()
            .nodes("node-a", "node-b", "node-c")
            .storagePool(LinstorTarget.POOL, "LVM_THIN", 20L << 20)
            .port(0)
            .build()
            .start();
    return ControllerHarness.start(LinstorTarget.emulated(emu));
  }

  /** Makes the S3 remote as an operator would in a cluster that never took a backup. */
  static void addRemote(ControllerHarness h, S3Server s3, String remote) {
    h.client
        .remotes()
        .createS3(
            new S3Remote(
                remote,
                s3.endpoint(),
                BUCKET,
                "us-east-1",
                S3Server.ACCESS_KEY,
                S3Server.SECRET_KEY,
                true));
  }

  /** A CreateSnapshot with an S3 class for {@code remote} on {@code s3}, plus {@code extra}. */
  static CreateSnapshotRequest.Builder s3Snapshot(
      S3Server s3, String remote, String source, String name, String... extra) {
    CreateSnapshotRequest.Builder b =
        CreateSnapshotRequest.newBuilder()
            .setName(name)
            .setSourceVolumeId(source)
            .putParameters(NS + "type", "S3")
            .putParameters(NS + "remote-name", remote)
            .putParameters(NS + "s3-endpoint", s3.endpoint())
            .putParameters(NS + "s3-bucket", BUCKET)
            .putParameters(NS + "s3-signing-region", "us-east-1")
            .putParameters(NS + "s3-use-path-style", "true")
            .putParameters("csi.storage.k8s.io/volumesnapshot/name", name)
            .putAllSecrets(
                Map.of("access-key", S3Server.ACCESS_KEY, "secret-key", S3Server.SECRET_KEY));
    for (int i = 0; i < extra.length; i += 2) {
      b.putParameters(NS + extra[i], extra[i + 1]);
    }
    return b;
  }

  /** Repeats CreateSnapshot as the snapshotter does until the snapshot is ready. */
  static CreateSnapshotResponse untilReady(ControllerHarness h, CreateSnapshotRequest req)
      throws InterruptedException {
    Instant end = Instant.now().plus(Duration.ofSeconds(30));
    while (true) {
      CreateSnapshotResponse r = h.stub().createSnapshot(req);
      if (r.getSnapshot().getReadyToUse()) {
        return r;
      }
      if (Instant.now().isAfter(end)) {
        throw new AssertionError("snapshot " + req.getName() + " not ready after 30 s: " + r);
      }
      Thread.sleep(50);
    }
  }

  static CreateVolumeRequest restoreRequest(
      ControllerHarness h, String name, long bytes, String snapshotId) {
    return h.createRequest(name, bytes, h.params())
        .setVolumeContentSource(
            VolumeContentSource.newBuilder()
                .setSnapshot(
                    VolumeContentSource.SnapshotSource.newBuilder().setSnapshotId(snapshotId)))
        .build();
  }
}
