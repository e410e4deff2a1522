package io.linstorcsi.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import csi.v1.CapacityRange;
import csi.v1.CreateSnapshotRequest;
import csi.v1.CreateVolumeRequest;
import csi.v1.ListSnapshotsRequest;
import csi.v1.Snapshot;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Backups off the cluster and restores from there, over the driver's processes, the emulator's
 * LVM_THIN pools on loop devices and a real S3 server: data written through a published block
 * device, a VolumeSnapshot of an S3 class polled as external-snapshotter polls it, the volume and
 * its local snapshot gone, a new claim restored from the bucket, and the bytes compared. The same
 * from a second cluster that never saw the original, and with LINSTOR-to-LINSTOR shipping. Then
 * what goes wrong: S3 down, keys refused, a shipment broken off or its driver killed, a claim too
 * small.
 */
@Tag("privileged")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class BackupRestoreTest {
  static final long MIB = 1L << 20;
  static final long SIZE = 64 * MIB;
  static final String BUCKET = "e2e-backups";
  static final String REMOTE = "e2e-s3";
  static final String POOLS = "LVM_THIN";

  @RegisterExtension static final E2eCluster E2E = E2eCluster.withPools(POOLS, "node-a", "node-b");

  static Path s3Dir;
  static S3Server s3;

  /** The second cluster, started by the first test that needs it. */
  static Cluster other;

  static Kubernetes otherK8s;

  private final Kubernetes k8s = E2E.k8s();
  private final Cluster cluster = E2E.cluster();
  private final BackupSnapshotter backups = new BackupSnapshotter(cluster, k8s.undo());

  @BeforeAll
  static void startS3() throws Exception {
    s3Dir = Files.createTempDirectory("linstor-csi-e2e-s3-");
    s3 = S3Server.start(s3Dir, BUCKET);
  }

  @AfterAll
  static void stopAll() throws Exception {
    if (other != null) {
      other.close();
    }
    s3.close();
  }

  /**
   * Runs before the cluster's own check: S3 reachable again, the emulator's shipping normal, and
   * the second cluster emptied (each test that uses it checks it is empty first).
   */
  @AfterEach
  void restoreS3() throws Exception {
    s3.restoreSecretKey();
    cluster.emulator().backups().release();
    if (other != null) {
      otherK8s.undo().runAll();
      LeakCheck.cleanUp(other);
    }
  }

  /** The class's remote, made as an operator would when no backup made it yet. */
  static void ensureRemote(Cluster c) {
    LinstorAdmin admin = new LinstorAdmin(c.emulator().baseUrl());
    if (!admin.names().contains(REMOTE)) {
      admin.createS3(REMOTE, s3, BUCKET);
    }
  }

  // ------------------------------------------------------------------ one cluster, S3

  @Test
  void s3Backup_restoresTheSameBytes_afterTheVolumeAndItsLocalSnapshotAreGone() throws Exception {
    StorageClass sc = oneReplica();
    Pv pv = k8s.provisioner().provision(sc, Claim.block(SIZE).scheduledOn("node-a"));
    String written = writeData(pv, "node-a", "s3 round trip");
    SnapshotClass cls = SnapshotClass.s3(REMOTE, s3, BUCKET).with("delete-local", "true");

    BackupSnapshotter.Shipped shipped = backups.backup(pv, cls);

    Snapshot snapshot = shipped.snapshot();
    assertThat(snapshot.getSnapshotId()).startsWith("S3://" + REMOTE + "/" + pv.id() + "/");
    assertThat(snapshot.getSourceVolumeId()).isEqualTo(pv.id());
    // CSI spec, CreateSnapshot: cut but still uploading is ready_to_use false; the same id each
    // time
    assertThat(shipped.answers().getFirst().getReadyToUse()).isFalse();
    assertThat(shipped.answers())
        .extracting(Snapshot::getSnapshotId)
        .containsOnly(snapshot.getSnapshotId());
    assertThat(s3.keys(BUCKET)).anyMatch(k -> k.startsWith(pv.id()) && k.endsWith(".meta"));
    assertThat(cluster.linstor().snapshots()).as("delete-local").isEmpty();

    k8s.provisioner().delete(pv);
    assertThat(cluster.linstor().resourceDefinitions()).as("nothing local is left").isEmpty();

    Pv restored =
        k8s.provisioner()
            .provision(
                sc, Claim.block(SIZE).scheduledOn("node-b").from(Snapshotter.source(snapshot)));
    assertThat(readChecksum(restored, "node-b")).isEqualTo(written);

    k8s.provisioner().delete(restored);
    backups.delete(snapshot, cls);
    assertThat(s3.keys(BUCKET)).as("DeleteSnapshot removes the backup").isEmpty();
    assertThat(cluster.linstor().snapshots()).isEmpty();
  }

  @Test
  void restoreIntoASmallerClaim_isOutOfRange_andDownloadsNothing() throws Exception {
    StorageClass sc = oneReplica();
    Pv pv = k8s.provisioner().provision(sc, Claim.block(SIZE).scheduledOn("node-a"));
    SnapshotClass cls = SnapshotClass.s3(REMOTE, s3, BUCKET).with("delete-local", "true");
    Snapshot snapshot = backups.backup(pv, cls).snapshot();
    k8s.provisioner().delete(pv);

    Claim small = Claim.block(SIZE / 2).scheduledOn("node-b").from(Snapshotter.source(snapshot));
    CreateVolumeRequest request =
        k8s.provisioner().request(sc, small).toBuilder()
            .setCapacityRange(
                CapacityRange.newBuilder().setRequiredBytes(SIZE / 2).setLimitBytes(SIZE / 2))
            .build();
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class, () -> cluster.controller().createVolume(request));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
    assertThat(e.getStatus().getDescription()).contains(snapshot.getSnapshotId());
    assertThat(cluster.linstor().resourceDefinitions()).isEmpty();
    assertThat(cluster.linstor().snapshots()).isEmpty();
    backups.delete(snapshot, cls);
  }

  // ------------------------------------------------------------------ failures

  @Test
  void s3Unreachable_isUnavailableNamingTheRemote_leavesNothing_andTheRetrySucceeds()
      throws Exception {
    StorageClass sc = oneReplica();
    Pv pv = k8s.provisioner().provision(sc, Claim.block(SIZE).scheduledOn("node-a"));
    String written = writeData(pv, "node-a", "s3 was down");
    SnapshotClass cls = SnapshotClass.s3(REMOTE, s3, BUCKET);
    CreateSnapshotRequest request = backups.request(pv, "snapshot-" + UUID.randomUUID(), cls);
    ensureRemote(cluster); // S3 goes away after the remote was made, not before
    s3.stop();

    StatusRuntimeException e = untilError(request, cls);

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e.getStatus().getDescription()).contains("remote " + REMOTE);
    assertThat(cluster.linstor().snapshots()).as("no half-made snapshot").isEmpty();
    s3.start();
    assertThat(s3.keys(BUCKET)).as("no half-made backup").isEmpty();

    Snapshot snapshot = backups.poll(request, cls).snapshot();
    assertThat(restoredChecksum(sc, snapshot)).isEqualTo(written);
    backups.delete(snapshot, cls);
    k8s.provisioner().delete(pv);
    assertThat(s3.keys(BUCKET)).isEmpty();
  }

  /**
   * LINSTOR probes the bucket before it creates a remote and says only that it "could not be
   * reached with the given parameters", for a wrong key as for a wrong endpoint or bucket: the
   * class's to fix, FAILED_PRECONDITION naming the remote and what to check; no remote and no
   * snapshot made.
   */
  @Test
  void newRemoteWithAWrongKey_isFailedPreconditionNamingTheRemote_andCreatesNothing()
      throws Exception {
    StorageClass sc = oneReplica();
    Pv pv = k8s.provisioner().provision(sc, Claim.block(SIZE).scheduledOn("node-a"));
    String remote = "e2e-s3-wrong-key";
    SnapshotClass wrong =
        SnapshotClass.s3(remote, s3, BUCKET)
            .withSecrets(Map.of("access-key", s3.accessKey(), "secret-key", "not-the-key"));

    StatusRuntimeException e =
        untilError(backups.request(pv, "snapshot-" + UUID.randomUUID(), wrong), wrong);

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(e.getStatus().getDescription())
        .contains("remote " + remote)
        .contains("access-key and secret-key")
        .doesNotContain("not-the-key")
        .doesNotContain(s3.secretKey());
    assertThat(new LinstorAdmin(cluster.emulator().baseUrl()).names()).doesNotContain(remote);
    assertThat(cluster.linstor().snapshots()).isEmpty();
    assertThat(s3.keys(BUCKET)).isEmpty();
    k8s.provisioner().delete(pv);
  }

  /**
   * The key is rotated at the S3 service after the remote was made: the shipment is refused (403),
   * and the secret's keys (handed to LINSTOR once more) are the same refused ones, which needs an
   * operator: FAILED_PRECONDITION naming the remote and the keys in the secret, and the failed
   * attempt cleaned up.
   */
  @Test
  void keyRotatedAtTheS3Service_isFailedPreconditionNamingTheRemote_andLeavesNothing()
      throws Exception {
    StorageClass sc = oneReplica();
    Pv pv = k8s.provisioner().provision(sc, Claim.block(SIZE).scheduledOn("node-a"));
    SnapshotClass cls = SnapshotClass.s3(REMOTE, s3, BUCKET);
    Snapshot first = backups.backup(pv, cls).snapshot(); // the remote exists, with today's key
    List<String> before = s3.keys(BUCKET);
    s3.rotateSecretKey();

    StatusRuntimeException e =
        untilError(backups.request(pv, "snapshot-" + UUID.randomUUID(), cls), cls);

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(e.getStatus().getDescription())
        .contains("remote " + REMOTE)
        .contains("access-key and secret-key in its snapshotter secret")
        .doesNotContain(s3.secretKey());
    assertThat(cluster.linstor().snapshots())
        .as("only the first backup's local snapshot")
        .containsExactly(
            pv.id()
                + "@"
                + first.getSnapshotId().substring(first.getSnapshotId().lastIndexOf('/') + 1));
    s3.restoreSecretKey();
    assertThat(s3.keys(BUCKET)).as("nothing of the refused backup").isEqualTo(before);
    backups.delete(first, cls);
    k8s.provisioner().delete(pv);
  }

  @Test
  void shipmentBrokenOffMidway_theNextCallsStartItAgain_andItCompletesOnce() throws Exception {
    StorageClass sc = oneReplica();
    Pv pv = k8s.provisioner().provision(sc, Claim.block(SIZE).scheduledOn("node-a"));
    String written = writeData(pv, "node-a", "broken off");
    SnapshotClass cls = SnapshotClass.s3(REMOTE, s3, BUCKET);
    CreateSnapshotRequest request = backups.request(pv, "snapshot-" + UUID.randomUUID(), cls);
    cluster.emulator().backups().interruptNext(1);

    // the sidecar retries errors as it retries not-ready answers
    Snapshot snapshot = pollThroughErrors(request, cls);

    assertThat(cluster.controllerProcess().logTail())
        .as("the broken-off shipment was seen and started again")
        .contains("to remote " + REMOTE + " failed");
    assertThat(metaObjects(pv)).as("one complete backup, no leftovers").hasSize(1);
    assertThat(restoredChecksum(sc, snapshot)).isEqualTo(written);
    backups.delete(snapshot, cls);
    k8s.provisioner().delete(pv);
    assertThat(s3.keys(BUCKET)).isEmpty();
  }

  @Test
  void controllerKilledWhileShipping_theNewOneFinishesTheSameShipment() throws Exception {
    StorageClass sc = oneReplica();
    Pv pv = k8s.provisioner().provision(sc, Claim.block(SIZE).scheduledOn("node-a"));
    String written = writeData(pv, "node-a", "driver killed");
    SnapshotClass cls = SnapshotClass.s3(REMOTE, s3, BUCKET);
    CreateSnapshotRequest request = backups.request(pv, "snapshot-" + UUID.randomUUID(), cls);
    cluster.emulator().backups().hangNext(1);

    Snapshot first = backups.once(request, cls);
    assertThat(first.getReadyToUse()).isFalse();
    cluster.killController();
    cluster.startController();
    assertThat(backups.once(request, cls).getReadyToUse()).as("still shipping").isFalse();
    cluster.emulator().backups().release();
    Snapshot snapshot = backups.poll(request, cls).snapshot();

    assertThat(snapshot.getSnapshotId()).isEqualTo(first.getSnapshotId());
    assertThat(metaObjects(pv)).as("never a second shipment").hasSize(1);
    assertThat(restoredChecksum(sc, snapshot)).isEqualTo(written);
    backups.delete(snapshot, cls);
    k8s.provisioner().delete(pv);
  }

  @Test
  void linstorRestartedWhileShipping_theNextCallsStartItAgain_andItCompletesOnce()
      throws Exception {
    StorageClass sc = oneReplica();
    Pv pv = k8s.provisioner().provision(sc, Claim.block(SIZE).scheduledOn("node-a"));
    String written = writeData(pv, "node-a", "linstor restarted");
    SnapshotClass cls = SnapshotClass.s3(REMOTE, s3, BUCKET);
    CreateSnapshotRequest request = backups.request(pv, "snapshot-" + UUID.randomUUID(), cls);
    cluster.emulator().backups().hangNext(1);
    assertThat(backups.once(request, cls).getReadyToUse()).isFalse();

    // LINSTOR's controller restarts: the running shipment ends as Aborted
    assertThat(cluster.emulator().backups().restartController()).isEqualTo(1);
    Snapshot snapshot = pollThroughErrors(request, cls);

    assertThat(metaObjects(pv)).as("one complete backup, no leftovers").hasSize(1);
    assertThat(restoredChecksum(sc, snapshot)).isEqualTo(written);
    backups.delete(snapshot, cls);
    k8s.provisioner().delete(pv);
    assertThat(s3.keys(BUCKET)).isEmpty();
  }

  // ------------------------------------------------------------------ a second cluster

  @Test
  void secondCluster_restoresFromTheSameBucket_withAStaticallyProvisionedSnapshot()
      throws Exception {
    StorageClass sc = oneReplica();
    Pv pv = k8s.provisioner().provision(sc, Claim.block(SIZE).scheduledOn("node-a"));
    String written = writeData(pv, "node-a", "disaster recovery");
    SnapshotClass cls = SnapshotClass.s3(REMOTE, s3, BUCKET);
    Snapshot snapshot = backups.backup(pv, cls).snapshot();

    Cluster dr = otherCluster();
    // the operator's step in the new cluster: the remote, by the same name
    ensureRemote(dr);
    BackupSnapshotter drBackups = new BackupSnapshotter(dr, otherK8s.undo());
    drBackups.adopt(snapshot.getSnapshotId(), cls);
    // a VolumeSnapshotContent with only the handle: the sidecar asks ListSnapshots by id
    var listed =
        dr.controller()
            .listSnapshots(
                ListSnapshotsRequest.newBuilder().setSnapshotId(snapshot.getSnapshotId()).build());
    assertThat(listed.getEntriesList()).hasSize(1);
    assertThat(listed.getEntries(0).getSnapshot().getReadyToUse()).isTrue();
    assertThat(listed.getEntries(0).getSnapshot().getSizeBytes()).isGreaterThanOrEqualTo(SIZE);

    Pv restored =
        otherK8s
            .provisioner()
            .provision(
                sc, Claim.block(SIZE).scheduledOn("dr-a").from(Snapshotter.source(snapshot)));
    assertThat(readChecksum(otherK8s, restored, "dr-a")).isEqualTo(written);

    otherK8s.provisioner().delete(restored);
    drBackups.delete(Snapshot.newBuilder().setSnapshotId(snapshot.getSnapshotId()).build(), cls);
    // the backup is gone for both clusters; deleting it in the first is still a success
    backups.delete(snapshot, cls);
    k8s.provisioner().delete(pv);
    assertThat(s3.keys(BUCKET)).isEmpty();
    assertThat(LeakCheck.leftovers(dr)).isEmpty();
  }

  @Test
  void linstorToLinstor_shipsIntoTheSecondCluster_whichRestoresIt() throws Exception {
    Cluster dr = otherCluster();
    LinstorAdmin source = new LinstorAdmin(cluster.emulator().baseUrl());
    LinstorAdmin target = new LinstorAdmin(dr.emulator().baseUrl());
    if (!target.names().contains("e2e-source")) {
      // the target accepts shipments only from clusters it knows
      target.createLinstor(
          "e2e-source", cluster.emulator().baseUrl().toString(), source.clusterId());
    }
    StorageClass sc = oneReplica();
    Pv pv = k8s.provisioner().provision(sc, Claim.block(SIZE).scheduledOn("node-a"));
    String written = writeData(pv, "node-a", "linstor to linstor");
    SnapshotClass cls =
        SnapshotClass.linstor("e2e-dr", dr.emulator().baseUrl().toString())
            .with("linstor-target-cluster-id", target.clusterId());

    BackupSnapshotter.Shipped shipped = backups.backup(pv, cls);

    Snapshot snapshot = shipped.snapshot();
    assertThat(snapshot.getSnapshotId()).startsWith("Linstor://e2e-dr/" + pv.id() + "/");
    assertThat(shipped.answers().getFirst().getReadyToUse()).isFalse();
    assertThat(dr.linstor().snapshots()).anyMatch(s -> s.startsWith(pv.id() + "@"));
    BackupSnapshotter drBackups = new BackupSnapshotter(dr, otherK8s.undo());
    drBackups.adopt(snapshot.getSnapshotId(), cls);

    Pv restored =
        otherK8s
            .provisioner()
            .provision(
                sc, Claim.block(SIZE).scheduledOn("dr-a").from(Snapshotter.source(snapshot)));
    assertThat(readChecksum(otherK8s, restored, "dr-a")).isEqualTo(written);

    otherK8s.provisioner().delete(restored);
    drBackups.delete(Snapshot.newBuilder().setSnapshotId(snapshot.getSnapshotId()).build(), cls);
    backups.delete(snapshot, cls);
    k8s.provisioner().delete(pv);
    assertThat(LeakCheck.leftovers(dr)).isEmpty();
  }

  // ------------------------------------------------------------------ helpers

  /**
   * Block volumes with one replica. (Two DRBD replicas restore as well in LINSTOR, which keeps the
   * layer stack in the backup's metadata; the emulator's download leaves the layers out.)
   */
  static StorageClass oneReplica() {
    return StorageClass.twoReplicas(null).with(StorageClass.PLACEMENT_COUNT, "1");
  }

  /** The second cluster (one node, dr-a), started once for the tests that need it. */
  static synchronized Cluster otherCluster() throws Exception {
    if (other == null) {
      other = Cluster.startWithPools("BackupRestoreTest-dr", false, POOLS, "dr-a");
      otherK8s = new Kubernetes(other);
    }
    return other;
  }

  /** Writes distinct data at the start and further in; returns the device's checksum. */
  private String writeData(Pv pv, String node, String seed) {
    Published pod = k8s.startPod(pv, node);
    Data.writeBlock(pod.target(), 0, Data.pattern(seed, (int) (4 * MIB)));
    Data.writeBlock(pod.target(), 40 * MIB + 4096, Data.pattern(seed + " 2", (int) MIB));
    String sum = Checksums.sha256(pod.target(), SIZE);
    k8s.stopPod(pod);
    return sum;
  }

  private String readChecksum(Pv pv, String node) {
    return readChecksum(k8s, pv, node);
  }

  private static String readChecksum(Kubernetes k, Pv pv, String node) {
    Published pod = k.startPod(pv, node);
    String sum = Checksums.sha256(pod.target(), SIZE);
    k.stopPod(pod);
    return sum;
  }

  /** A new claim from {@code snapshot} on node-b, its checksum, and the claim deleted again. */
  private String restoredChecksum(StorageClass sc, Snapshot snapshot) {
    Pv restored =
        k8s.provisioner()
            .provision(
                sc, Claim.block(SIZE).scheduledOn("node-b").from(Snapshotter.source(snapshot)));
    String sum = readChecksum(restored, "node-b");
    k8s.provisioner().delete(restored);
    return sum;
  }

  /** The backups of {@code pv} in the bucket, by their metadata objects. */
  private List<String> metaObjects(Pv pv) {
    return s3.keys(BUCKET).stream()
        .filter(k -> k.startsWith(pv.id()) && k.endsWith(".meta"))
        .toList();
  }

  /** CreateSnapshot as the sidecar repeats it, until it answers an error. */
  private StatusRuntimeException untilError(CreateSnapshotRequest request, SnapshotClass cls)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(Cluster.CALL_DEADLINE);
    while (Instant.now().isBefore(deadline)) {
      try {
        Snapshot s = backups.once(request, cls);
        assertThat(s.getReadyToUse()).as("a backup to a failing remote is never ready").isFalse();
      } catch (StatusRuntimeException e) {
        return e;
      }
      Thread.sleep(Duration.ofMillis(200));
    }
    throw new AssertionError("CreateSnapshot never reported the failure");
  }

  /** CreateSnapshot repeated through not-ready answers and retryable errors until ready. */
  private Snapshot pollThroughErrors(CreateSnapshotRequest request, SnapshotClass cls)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(Cluster.CALL_DEADLINE);
    while (Instant.now().isBefore(deadline)) {
      try {
        Snapshot s = backups.once(request, cls);
        if (s.getReadyToUse()) {
          return s;
        }
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(e.getStatus().getDescription()).contains("remote " + REMOTE);
      }
      Thread.sleep(Duration.ofMillis(200));
    }
    throw new AssertionError("the backup never completed");
  }
}
