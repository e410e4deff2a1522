package io.linstorcsi.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.ControllerExpandVolumeRequest;
import csi.v1.ControllerPublishVolumeRequest;
import csi.v1.ControllerUnpublishVolumeRequest;
import csi.v1.CreateSnapshotRequest;
import csi.v1.CreateVolumeRequest;
import csi.v1.DeleteSnapshotRequest;
import csi.v1.DeleteVolumeRequest;
import csi.v1.Snapshot;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Faults under a running cluster: LINSTOR unreachable, answering 500 in the middle of a step, or
 * not answering at all; a satellite offline; the controller process killed. Each controller call
 * must fail with a code the sidecars retry (or one that says what is wrong), and the same call,
 * retried once the fault is gone, must converge on the state a fault-free run reaches, leaving
 * nothing behind.
 */
@Tag("privileged")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FaultsTest {
  static final long MIB = 1L << 20;

  /** Short, so that a call that waits for LINSTOR ends quickly; the sidecars use 10 s to 5 min. */
  static final Duration SHORT = Duration.ofSeconds(5);

  static final Duration PATIENCE = Duration.ofSeconds(60);

  /** The property CreateVolume sets on a volume's definition once it is complete. */
  static final String COMPLETED_BY = "Aux/csi-provisioning-completed-by";

  /**
   * One replica, so that node-c has no resource at all (no quorum tie-breaker either) and
   * publishing there creates a diskless one, which unpublishing removes.
   */
  static final StorageClass ONE_REPLICA =
      StorageClass.twoReplicas("xfs").with(StorageClass.PLACEMENT_COUNT, "1");

  @RegisterExtension
  static final E2eCluster E2E = E2eCluster.withLinstorLink("node-a", "node-b", "node-c");

  private final Kubernetes k8s = E2E.k8s();
  private final Cluster cluster = E2E.cluster();

  /**
   * LINSTOR's controller is gone (connections refused) during every controller step of a volume's
   * life. The node steps in between run with LINSTOR still gone: the publish context carries all
   * the node needs.
   */
  @Test
  void linstorUnreachable_atEachControllerStep_failsRetryably_thenTheSameCallSucceeds()
      throws Exception {
    StorageClass sc = ONE_REPLICA;
    CreateVolumeRequest create =
        k8s.provisioner().request(sc, Claim.filesystem(64 * MIB).scheduledOn("node-a"));
    Pv pv =
        k8s.provisioner()
            .accept(
                create,
                whileUnreachable("CreateVolume", d -> cluster.controller(d).createVolume(create)));
    assertThat(cluster.linstor().replicas(pv.id())).containsExactly("node-a");

    // node-c has no replica: publishing there creates a diskless resource
    ControllerPublishVolumeRequest publish = k8s.attacher().request(pv, "node-c");
    Attachment attached =
        k8s.attacher()
            .accept(
                pv,
                "node-c",
                whileUnreachable(
                    "ControllerPublishVolume",
                    d -> cluster.controller(d).controllerPublishVolume(publish)));

    cluster.link().cut();
    assertThat(cluster.linstor().replicas(pv.id()))
        .containsExactlyInAnyOrder("node-a", "node-c (diskless)");
    Kubelet kubelet = k8s.kubelet("node-c");
    Staged staged = kubelet.stage(attached);
    Published pod = kubelet.publish(staged);
    byte[] written = Data.pattern(pv.id(), (int) MIB);
    Data.writeFile(pod.target().resolve("data.bin"), written);
    cluster.link().restore();

    long larger = pv.volume().getCapacityBytes() + 64 * MIB;
    ControllerExpandVolumeRequest expand = k8s.resizer().request(pv, larger);
    var grown =
        whileUnreachable(
            "ControllerExpandVolume", d -> cluster.controller(d).controllerExpandVolume(expand));
    assertThat(grown.getCapacityBytes()).isGreaterThanOrEqualTo(larger);
    assertThat(kubelet.expand(pod, larger).getCapacityBytes()).isGreaterThanOrEqualTo(larger);

    CreateSnapshotRequest snap = k8s.snapshotter().request(pv, "snapshot-" + UUID.randomUUID());
    Snapshot snapshot =
        k8s.snapshotter()
            .accept(
                whileUnreachable(
                    "CreateSnapshot", d -> cluster.controller(d).createSnapshot(snap)));
    assertThat(cluster.linstor().snapshots()).hasSize(1);
    DeleteSnapshotRequest deleteSnap =
        DeleteSnapshotRequest.newBuilder().setSnapshotId(snapshot.getSnapshotId()).build();
    whileUnreachable("DeleteSnapshot", d -> cluster.controller(d).deleteSnapshot(deleteSnap));
    k8s.undo().forget(snapshot.getSnapshotId());
    assertThat(cluster.linstor().snapshots()).isEmpty();

    cluster.link().cut();
    assertThat(Data.readFile(pod.target().resolve("data.bin"))).isEqualTo(written);
    kubelet.unpublish(pod);
    kubelet.unstage(staged);
    cluster.link().restore();

    ControllerUnpublishVolumeRequest unpublish = k8s.attacher().unpublishRequest(attached);
    whileUnreachable(
        "ControllerUnpublishVolume",
        d -> cluster.controller(d).controllerUnpublishVolume(unpublish));
    k8s.undo().forget(attached);
    assertThat(cluster.linstor().replicas(pv.id())).containsExactly("node-a");

    DeleteVolumeRequest delete = DeleteVolumeRequest.newBuilder().setVolumeId(pv.id()).build();
    whileUnreachable("DeleteVolume", d -> cluster.controller(d).deleteVolume(delete));
    k8s.undo().forget(pv);
  }

  /**
   * LINSTOR answers 500 to exactly the write in the middle of each step (after the step's first
   * writes went through), so the step leaves partial state behind. The retry must finish it.
   */
  @Test
  void linstorFailsTheMiddleWriteOfEachStep_theRetryFinishesTheStep() throws Exception {
    StorageClass sc = ONE_REPLICA;
    CreateVolumeRequest create =
        k8s.provisioner().request(sc, Claim.filesystem(64 * MIB).scheduledOn("node-a"));
    Pv pv =
        k8s.provisioner()
            .accept(
                create,
                afterOneFailure(
                    "CreateVolume",
                    List.of(
                        "POST /v1/resource-definitions/*/autoplace",
                        "PUT /v1/resource-definitions/*"),
                    () -> cluster.controller().createVolume(create),
                    () ->
                        assertThat(cluster.linstor().resourceDefinitions())
                            .as("the definition the failed CreateVolume made")
                            .contains(create.getName())));
    assertThat(cluster.linstor().replicas(pv.id())).containsExactly("node-a");

    ControllerPublishVolumeRequest publish = k8s.attacher().request(pv, "node-c");
    Attachment attached =
        k8s.attacher()
            .accept(
                pv,
                "node-c",
                afterOneFailure(
                    "ControllerPublishVolume",
                    List.of("POST /v1/resource-definitions/*/resources"),
                    () -> cluster.controller().controllerPublishVolume(publish)));
    assertThat(cluster.linstor().replicas(pv.id()))
        .containsExactlyInAnyOrder("node-a", "node-c (diskless)");
    Kubelet kubelet = k8s.kubelet("node-c");
    Staged staged = kubelet.stage(attached);
    Published pod = kubelet.publish(staged);
    byte[] written = Data.pattern(pv.id(), (int) MIB);
    Data.writeFile(pod.target().resolve("data.bin"), written);

    long larger = pv.volume().getCapacityBytes() + 64 * MIB;
    ControllerExpandVolumeRequest expand = k8s.resizer().request(pv, larger);
    var grown =
        afterOneFailure(
            "ControllerExpandVolume",
            List.of("PUT /v1/resource-definitions/*/volume-definitions/*"),
            () -> cluster.controller().controllerExpandVolume(expand));
    assertThat(grown.getCapacityBytes()).isGreaterThanOrEqualTo(larger);
    assertThat(kubelet.expand(pod, larger).getCapacityBytes()).isGreaterThanOrEqualTo(larger);

    CreateSnapshotRequest snap = k8s.snapshotter().request(pv, "snapshot-" + UUID.randomUUID());
    Snapshot snapshot =
        k8s.snapshotter()
            .accept(
                afterOneFailure(
                    "CreateSnapshot",
                    List.of("POST /v1/resource-definitions/*/snapshots"),
                    () -> cluster.controller().createSnapshot(snap)));
    assertThat(snapshot.getReadyToUse()).isTrue();

    // restoring: definition and volume definition are restored, the resources are not
    CreateVolumeRequest restore =
        k8s.provisioner()
            .request(
                sc,
                // Kubernetes asks for at least the snapshot's restore size
                Claim.filesystem(snapshot.getSizeBytes())
                    .scheduledOn("node-b")
                    .from(Snapshotter.source(snapshot)));
    Pv restored =
        k8s.provisioner()
            .accept(
                restore,
                afterOneFailure(
                    "CreateVolume from a snapshot",
                    List.of("POST /v1/resource-definitions/*/snapshot-restore-resource/*"),
                    () -> cluster.controller().createVolume(restore)));
    assertThat(cluster.linstor().diskfulReplicas(restored.id())).hasSize(1);
    Published restoredPod = k8s.startPod(restored, "node-b");
    assertThat(Data.readFile(restoredPod.target().resolve("data.bin"))).isEqualTo(written);
    k8s.stopPod(restoredPod);

    DeleteSnapshotRequest deleteSnap =
        DeleteSnapshotRequest.newBuilder().setSnapshotId(snapshot.getSnapshotId()).build();
    afterOneFailure(
        "DeleteSnapshot",
        List.of("DELETE /v1/resource-definitions/*/snapshots/*"),
        () -> cluster.controller().deleteSnapshot(deleteSnap));
    k8s.undo().forget(snapshot.getSnapshotId());
    assertThat(cluster.linstor().snapshots()).isEmpty();

    kubelet.unpublish(pod);
    kubelet.unstage(staged);
    ControllerUnpublishVolumeRequest unpublish = k8s.attacher().unpublishRequest(attached);
    afterOneFailure(
        "ControllerUnpublishVolume",
        List.of("DELETE /v1/resource-definitions/*/resources/*"),
        () -> cluster.controller().controllerUnpublishVolume(unpublish));
    k8s.undo().forget(attached);
    assertThat(cluster.linstor().replicas(pv.id())).containsExactly("node-a");

    for (Pv each : new Pv[] {restored, pv}) {
      DeleteVolumeRequest delete = DeleteVolumeRequest.newBuilder().setVolumeId(each.id()).build();
      afterOneFailure(
          "DeleteVolume",
          List.of("DELETE /v1/resource-definitions/*"),
          () -> cluster.controller().deleteVolume(delete));
      k8s.undo().forget(each);
    }
  }

  /**
   * LINSTOR takes the request but never answers within the caller's deadline: the call ends with
   * DEADLINE_EXCEEDED (or UNAVAILABLE) at the deadline, not later, and the retry converges.
   */
  @Test
  void linstorHangs_theCallEndsAtItsDeadline_andTheRetryConverges() throws Exception {
    CreateVolumeRequest create =
        k8s.provisioner()
            .request(
                StorageClass.twoReplicas("ext4"), Claim.filesystem(64 * MIB).scheduledOn("node-b"));
    cluster
        .emulator()
        .faults()
        .hangNext(1, Duration.ofSeconds(20), "POST", "/v1/resource-groups/*/spawn");
    long start = System.nanoTime();
    Status status =
        Calls.retryableFailure(
            "CreateVolume", () -> cluster.controller(SHORT).createVolume(create));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    System.out.println("LINSTOR hanging during CreateVolume: " + status + " after " + took);
    assertThat(took).isLessThan(SHORT.plusSeconds(5));

    Pv pv =
        k8s.provisioner()
            .accept(create, Calls.retry(PATIENCE, () -> cluster.controller().createVolume(create)));
    assertThat(cluster.linstor().diskfulReplicas(pv.id())).hasSize(2).contains("node-b");
    k8s.provisioner().delete(pv);
  }

  /**
   * The satellite of the node a pod is scheduled to is down when the attacher publishes, and the
   * node has no resource of the volume yet: LINSTOR registers the diskless resource but cannot
   * create its device. A retryable error that names the node, and the same call works once the
   * satellite is back.
   */
  @Test
  void nodeOffline_withoutAResourceThere_publishFailsNamingTheNode_andWorksOnceOnline()
      throws Exception {
    Pv pv =
        k8s.provisioner().provision(ONE_REPLICA, Claim.filesystem(64 * MIB).scheduledOn("node-a"));
    ControllerPublishVolumeRequest publish = k8s.attacher().request(pv, "node-c");
    cluster.emulator().faults().nodeOffline("node-c");
    Status status =
        Calls.retryableFailure(
            "ControllerPublishVolume",
            () -> cluster.controller(SHORT).controllerPublishVolume(publish));
    System.out.println("ControllerPublishVolume to offline node-c: " + status);
    assertThat(status.getDescription()).contains("node-c");

    cluster.emulator().faults().nodeOnline("node-c");
    Attachment attached =
        k8s.attacher()
            .accept(
                pv,
                "node-c",
                Calls.retry(PATIENCE, () -> cluster.controller().controllerPublishVolume(publish)));
    assertThat(cluster.linstor().replicas(pv.id()))
        .containsExactlyInAnyOrder("node-a", "node-c (diskless)");
    Kubelet kubelet = k8s.kubelet("node-c");
    Published pod = kubelet.publish(kubelet.stage(attached));
    byte[] written = Data.pattern(pv.id(), (int) MIB);
    Data.writeFile(pod.target().resolve("data.bin"), written);
    assertThat(Data.readFile(pod.target().resolve("data.bin"))).isEqualTo(written);
    k8s.stopPod(pod);
    assertThat(cluster.linstor().replicas(pv.id())).containsExactly("node-a");
    k8s.provisioner().delete(pv);
  }

  /**
   * Where the node already has a replica, its device exists without the satellite (DRBD keeps
   * running when only the satellite is down), so publishing there succeeds, and the pod can use it.
   */
  @Test
  void nodeOffline_whereAReplicaIs_publishStillSucceeds_andThePodCanUseIt() throws Exception {
    Pv pv =
        k8s.provisioner()
            .provision(
                StorageClass.twoReplicas("ext4").immediateOn("node-a", "node-b"),
                Claim.filesystem(64 * MIB));
    cluster.emulator().faults().nodeOffline("node-b");
    Published pod = k8s.startPod(pv, "node-b");
    byte[] written = Data.pattern(pv.id(), (int) MIB);
    Data.writeFile(pod.target().resolve("data.bin"), written);
    cluster.emulator().faults().nodeOnline("node-b");
    assertThat(Data.readFile(pod.target().resolve("data.bin"))).isEqualTo(written);
    k8s.stopPod(pod);
    k8s.provisioner().delete(pv);
  }

  /**
   * The controller's pod dies (SIGKILL) after every controller step, before the sidecar could
   * record the answer, and the sidecar sends the same call to the new pod: each call succeeds again
   * with the same answer, and nothing is created twice.
   */
  @Test
  void controllerKilledAfterEachStep_theSameCallsSucceedWithTheSameAnswers() throws Exception {
    CreateVolumeRequest create =
        k8s.provisioner().request(ONE_REPLICA, Claim.filesystem(64 * MIB).scheduledOn("node-a"));
    var created = cluster.controller().createVolume(create);
    restartController();
    var createdAgain = cluster.controller().createVolume(create);
    assertThat(createdAgain.getVolume()).isEqualTo(created.getVolume());
    Pv pv = k8s.provisioner().accept(create, createdAgain);
    assertThat(cluster.linstor().resourceDefinitions()).containsOnlyOnce(pv.id());

    ControllerPublishVolumeRequest publish = k8s.attacher().request(pv, "node-c");
    var published = cluster.controller().controllerPublishVolume(publish);
    restartController();
    var publishedAgain = cluster.controller().controllerPublishVolume(publish);
    assertThat(publishedAgain.getPublishContextMap()).isEqualTo(published.getPublishContextMap());
    Attachment attached = k8s.attacher().accept(pv, "node-c", publishedAgain);
    Kubelet kubelet = k8s.kubelet("node-c");
    Published pod = kubelet.publish(kubelet.stage(attached));
    byte[] written = Data.pattern(pv.id(), (int) MIB);
    Data.writeFile(pod.target().resolve("data.bin"), written);

    CreateSnapshotRequest snap = k8s.snapshotter().request(pv, "snapshot-" + UUID.randomUUID());
    Snapshot snapshot = cluster.controller().createSnapshot(snap).getSnapshot();
    restartController();
    Snapshot snapshotAgain = k8s.snapshotter().accept(cluster.controller().createSnapshot(snap));
    assertThat(snapshotAgain.getSnapshotId()).isEqualTo(snapshot.getSnapshotId());
    assertThat(snapshotAgain.getCreationTime()).isEqualTo(snapshot.getCreationTime());
    assertThat(cluster.linstor().snapshots()).hasSize(1);
    DeleteSnapshotRequest deleteSnap =
        DeleteSnapshotRequest.newBuilder().setSnapshotId(snapshot.getSnapshotId()).build();
    cluster.controller().deleteSnapshot(deleteSnap);
    restartController();
    cluster.controller().deleteSnapshot(deleteSnap);
    k8s.undo().forget(snapshot.getSnapshotId());

    assertThat(Data.readFile(pod.target().resolve("data.bin"))).isEqualTo(written);
    kubelet.unpublish(pod);
    kubelet.unstage(pod.staged());
    ControllerUnpublishVolumeRequest unpublish = k8s.attacher().unpublishRequest(attached);
    cluster.controller().controllerUnpublishVolume(unpublish);
    restartController();
    cluster.controller().controllerUnpublishVolume(unpublish);
    k8s.undo().forget(attached);
    assertThat(cluster.linstor().replicas(pv.id())).containsExactly("node-a");

    DeleteVolumeRequest delete = DeleteVolumeRequest.newBuilder().setVolumeId(pv.id()).build();
    cluster.controller().deleteVolume(delete);
    restartController();
    cluster.controller().deleteVolume(delete);
    k8s.undo().forget(pv);
  }

  /**
   * The controller dies in the middle of CreateVolume: the definition and its replicas exist (one
   * spawn places them all), the completion mark is on its way to LINSTOR. The provisioner retries
   * against the new controller, which must finish the volume rather than fail or create a second
   * one.
   */
  @Test
  void controllerKilledDuringCreateVolume_theRetryFinishesTheVolume() throws Exception {
    CreateVolumeRequest create =
        k8s.provisioner()
            .request(
                StorageClass.twoReplicas("ext4"), Claim.filesystem(64 * MIB).scheduledOn("node-a"));
    cluster
        .emulator()
        .faults()
        .hangNext(1, Duration.ofSeconds(30), "PUT", "/v1/resource-definitions/*");
    var pending = new CompletableFuture<Void>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                cluster.controller().createVolume(create);
                pending.complete(null);
              } catch (RuntimeException e) {
                pending.completeExceptionally(e);
              }
            });
    Instant deadline = Instant.now().plusSeconds(30);
    while (!cluster.linstor().resourceDefinitions().contains(create.getName())) {
      assertThat(Instant.now()).as("the definition appears").isBefore(deadline);
      assertThat(pending).as("CreateVolume still runs").isNotDone();
      Thread.sleep(20);
    }
    Thread.sleep(300);
    cluster.killController();
    // killed midway: placed, but not marked complete
    assertThat(cluster.linstor().properties(create.getName())).doesNotContainKey(COMPLETED_BY);
    cluster.emulator().faults().clearCallFaults();
    cluster.startController();

    Pv pv =
        k8s.provisioner()
            .accept(create, Calls.retry(PATIENCE, () -> cluster.controller().createVolume(create)));
    assertThat(cluster.linstor().diskfulReplicas(pv.id())).hasSize(2).contains("node-a");
    assertThat(pending).isCompletedExceptionally();
    Published pod = k8s.startPod(pv, "node-a");
    Data.writeFile(pod.target().resolve("data.bin"), Data.pattern(pv.id(), 4096));
    k8s.stopPod(pod);
    k8s.provisioner().delete(pv);
  }

  /** SIGKILL of the controller process and a new one in its place. */
  private void restartController() throws Exception {
    cluster.killController();
    cluster.startController();
  }

  /**
   * One controller call whose first LINSTOR write matching one of {@code writes} (method, path
   * pattern pairs) fails with HTTP 500; then, with the unused faults removed, the same call.
   */
  private <T> T afterOneFailure(String step, List<String> writes, Supplier<T> call)
      throws InterruptedException {
    return afterOneFailure(step, writes, call, () -> {});
  }

  /** As above, checking the partial state the failed call left behind before the retry. */
  private <T> T afterOneFailure(
      String step, List<String> writes, Supplier<T> call, Runnable partialState)
      throws InterruptedException {
    for (String write : writes) {
      String[] parts = write.split(" ", 2);
      cluster.emulator().faults().failNext(1, parts[0], parts[1]);
    }
    int served500 = count500();
    Status status;
    try {
      status = Calls.retryableFailure(step, call::get);
    } finally {
      cluster.emulator().faults().clearCallFaults();
    }
    assertThat(count500()).as("the injected failure was hit").isEqualTo(served500 + 1);
    partialState.run();
    System.out.println("LINSTOR failing one of " + writes + " during " + step + ": " + status);
    return Calls.retry(PATIENCE, call);
  }

  private int count500() {
    return cluster.emulator().requests().countMatching(r -> r.status() == 500);
  }

  /** A controller call with LINSTOR unreachable, then the same call once LINSTOR is back. */
  private <T> T whileUnreachable(String step, java.util.function.Function<Duration, T> call)
      throws InterruptedException {
    cluster.link().cut();
    Status status;
    try {
      status = Calls.retryableFailure(step, () -> call.apply(SHORT));
    } finally {
      cluster.link().restore();
    }
    System.out.println("LINSTOR unreachable during " + step + ": " + status);
    return Calls.retry(PATIENCE, () -> call.apply(Cluster.CALL_DEADLINE));
  }
}
