package io.linstorcsi.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import csi.v1.ControllerGetVolumeRequest;
import csi.v1.CreateSnapshotRequest;
import csi.v1.CreateVolumeRequest;
import csi.v1.DeleteSnapshotRequest;
import csi.v1.DeleteVolumeRequest;
import csi.v1.ListVolumesRequest;
import csi.v1.NodeUnpublishVolumeRequest;
import csi.v1.NodeUnstageVolumeRequest;
import csi.v1.Snapshot;
import csi.v1.Topology;
import csi.v1.VolumeUsage;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lifecycle of a volume as Kubernetes drives it, over the driver's processes and real file
 * systems on loop devices: provisioning, attaching, staging, publishing, the pod's data, and taking
 * it all down again. One class, because its cluster (four driver processes) takes longer to start
 * than all of its tests take to run.
 */
@Tag("privileged")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class VolumeLifecycleTest {
  static final long MIB = 1L << 20;
  static final int CAP_SYS_RESOURCE = 24;

  @RegisterExtension static final E2eCluster E2E = E2eCluster.of("node-a", "node-b", "node-c");

  private final Kubernetes k8s = E2E.k8s();
  private final Cluster cluster = E2E.cluster();

  @ParameterizedTest
  @ValueSource(strings = {"ext4", "xfs"})
  void filesystemVolume_keepsWhatThePodWrote_acrossPods(String fsType) {
    Pv pv =
        k8s.provisioner()
            .provision(
                StorageClass.twoReplicas(fsType), Claim.filesystem(64 * MIB).scheduledOn("node-a"));
    assertThat(pv.volume().getCapacityBytes()).isGreaterThanOrEqualTo(64 * MIB);
    assertThat(cluster.linstor().diskfulReplicas(pv.id())).hasSize(2).contains("node-a");

    Published first = k8s.startPod(pv, "node-a");
    assertThat(Host.filesystemType(first.target())).isEqualTo(fsType);
    byte[] written = Data.pattern(pv.id(), 3 * (int) MIB + 17);
    Data.writeFile(first.target().resolve("data.bin"), written);
    assertThat(Data.readFile(first.target().resolve("data.bin"))).isEqualTo(written);
    k8s.stopPod(first);

    Published second = k8s.startPod(pv, "node-a");
    assertThat(Data.readFile(second.target().resolve("data.bin"))).isEqualTo(written);
    k8s.stopPod(second);
    k8s.provisioner().delete(pv);
  }

  /**
   * Every call arrives twice, as after a response lost to a timeout or a sidecar restart. CSI spec:
   * each call is idempotent; the repeat succeeds with the same answer and changes nothing.
   */
  @Test
  void everyCallRepeated_succeedsWithTheSameAnswer() throws Exception {
    CreateVolumeRequest create =
        k8s.provisioner()
            .request(
                StorageClass.twoReplicas("ext4"), Claim.filesystem(64 * MIB).scheduledOn("node-b"));
    var created = cluster.controller().createVolume(create);
    assertThat(cluster.controller().createVolume(create)).isEqualTo(created);
    Pv pv = k8s.provisioner().accept(create, created);

    var publish = k8s.attacher().request(pv, "node-b");
    var published = cluster.controller().controllerPublishVolume(publish);
    assertThat(cluster.controller().controllerPublishVolume(publish)).isEqualTo(published);
    Attachment attached = k8s.attacher().accept(pv, "node-b", published);

    Kubelet kubelet = k8s.kubelet("node-b");
    Staged staged = kubelet.stage(attached);
    cluster.node("node-b").nodeStageVolume(kubelet.stageRequest(attached, staged.stagingPath()));
    assertThat(Host.mountsUnder(staged.stagingPath())).hasSize(1);
    Published pod = kubelet.publish(staged);
    cluster.node("node-b").nodePublishVolume(kubelet.publishRequest(staged, pod.target()));
    assertThat(Host.mountsUnder(pod.target())).hasSize(1);
    byte[] written = Data.pattern(pv.id(), (int) MIB);
    Data.writeFile(pod.target().resolve("data.bin"), written);

    // kubelet's periodic stats: a file system's bytes and inodes, the written data counted
    var stats = kubelet.stats(pod);
    var bytes =
        stats.getUsageList().stream()
            .filter(u -> u.getUnit() == VolumeUsage.Unit.BYTES)
            .findFirst()
            .orElseThrow();
    assertThat(bytes.getTotal()).isEqualTo(Host.filesystemBytes(pod.target()));
    assertThat(bytes.getUsed()).isGreaterThanOrEqualTo(written.length);
    assertThat(stats.getUsageList()).anyMatch(u -> u.getUnit() == VolumeUsage.Unit.INODES);
    assertThat(stats.getVolumeCondition().getAbnormal()).isFalse();

    CreateSnapshotRequest snap = k8s.snapshotter().request(pv, "snapshot-" + UUID.randomUUID());
    Snapshot snapshot = k8s.snapshotter().accept(cluster.controller().createSnapshot(snap));
    Snapshot again = cluster.controller().createSnapshot(snap).getSnapshot();
    assertThat(again.getSnapshotId()).isEqualTo(snapshot.getSnapshotId());
    assertThat(again.getCreationTime()).isEqualTo(snapshot.getCreationTime());
    assertThat(cluster.linstor().snapshots()).hasSize(1);
    k8s.snapshotter().delete(snapshot);
    cluster
        .controller()
        .deleteSnapshot(
            DeleteSnapshotRequest.newBuilder().setSnapshotId(snapshot.getSnapshotId()).build());
    assertThat(cluster.linstor().snapshots()).isEmpty();

    var unpublishPod =
        NodeUnpublishVolumeRequest.newBuilder()
            .setVolumeId(pv.id())
            .setTargetPath(pod.target().toString())
            .build();
    kubelet.unpublish(pod);
    cluster.node("node-b").nodeUnpublishVolume(unpublishPod);
    var unstage =
        NodeUnstageVolumeRequest.newBuilder()
            .setVolumeId(pv.id())
            .setStagingTargetPath(staged.stagingPath().toString())
            .build();
    kubelet.unstage(staged);
    cluster.node("node-b").nodeUnstageVolume(unstage);
    k8s.attacher().detach(attached);
    cluster.controller().controllerUnpublishVolume(k8s.attacher().unpublishRequest(attached));
    k8s.provisioner().delete(pv);
    cluster
        .controller()
        .deleteVolume(DeleteVolumeRequest.newBuilder().setVolumeId(pv.id()).build());
  }

  /** A pod that mounts the volume read-only beside one that writes: its writes are refused. */
  @Test
  void readOnlyPublish_refusesWrites_whileTheWritingPodKeepsWriting() {
    Pv pv =
        k8s.provisioner()
            .provision(
                StorageClass.twoReplicas("ext4"), Claim.filesystem(64 * MIB).scheduledOn("node-a"));
    Attachment attached = k8s.attacher().attach(pv, "node-a");
    Kubelet kubelet = k8s.kubelet("node-a");
    Staged staged = kubelet.stage(attached);
    Published writer = kubelet.publish(staged);
    Published reader = kubelet.publishReadOnly(staged);
    byte[] written = Data.pattern(pv.id(), 4096);
    Data.writeFile(writer.target().resolve("data.bin"), written);
    assertThat(Data.readFile(reader.target().resolve("data.bin"))).isEqualTo(written);
    assertThatThrownBy(() -> Data.writeFile(reader.target().resolve("nope.bin"), written))
        .hasRootCauseInstanceOf(java.nio.file.FileSystemException.class)
        .rootCause()
        .hasMessageContaining("Read-only file system");
    Data.writeFile(writer.target().resolve("more.bin"), written);

    kubelet.unpublish(reader);
    kubelet.unpublish(writer);
    kubelet.unstage(staged);
    k8s.attacher().detach(attached);
    k8s.provisioner().delete(pv);
  }

  /**
   * A block volume published read-only (beside a writing pod, and later attached read-only by the
   * controller) refuses writes through the pod's device while reads see the data; its read-only
   * device goes with the unpublish.
   */
  @Test
  void readOnlyBlockPublish_refusesWrites_whileTheWritingPodKeepsWriting() {
    Pv pv =
        k8s.provisioner()
            .provision(StorageClass.twoReplicas(null), Claim.block(64 * MIB).scheduledOn("node-a"));
    Attachment attached = k8s.attacher().attach(pv, "node-a");
    Kubelet kubelet = k8s.kubelet("node-a");
    Staged staged = kubelet.stage(attached);
    Published writer = kubelet.publish(staged);
    Published reader = kubelet.publishReadOnly(staged);
    byte[] written = Data.pattern(pv.id(), 1 << 16);
    Data.writeBlock(writer.target(), MIB, written);
    assertThat(Data.readBlock(reader.target(), MIB, written.length)).isEqualTo(written);
    byte[] other = Data.pattern("not " + pv.id(), 1 << 16);
    assertThatThrownBy(() -> Data.writeBlock(reader.target(), MIB, other))
        .hasRootCauseMessage("Operation not permitted");
    Data.writeBlock(writer.target(), 2 * MIB, written);
    String device = attached.publishContext().get("linstor.csi.linbit.com/device-path");
    kubelet.unpublish(reader);
    assertThat(loopsOver(device)).as("the reader's read-only device is gone").isEmpty();
    kubelet.unpublish(writer);
    kubelet.unstage(staged);
    k8s.attacher().detach(attached);

    Attachment readOnly = k8s.attacher().attachReadOnly(pv, "node-a");
    Staged again = kubelet.stage(readOnly);
    Published pod = kubelet.publish(again); // the controller's read-only flag decides
    assertThat(Data.readBlock(pod.target(), 2 * MIB, written.length)).isEqualTo(written);
    assertThatThrownBy(() -> Data.writeBlock(pod.target(), MIB, other))
        .hasRootCauseMessage("Operation not permitted");
    kubelet.unpublish(pod);
    assertThat(loopsOver(device)).isEmpty();
    kubelet.unstage(again);
    k8s.attacher().detach(readOnly);
    k8s.provisioner().delete(pv);
  }

  /** Loop devices whose backing file is {@code device}, as losetup lists them. */
  private static List<String> loopsOver(String device) {
    List<String> found = new ArrayList<>();
    for (String loop :
        Host.run("losetup", "--list", "--noheadings", "--output", "NAME,BACK-FILE")
            .lines()
            .toList()) {
      String[] f = loop.trim().split("\\s+");
      if (f.length == 2 && f[1].equals(device)) {
        found.add(f[0]);
      }
    }
    return found;
  }

  /** The StorageClass's mountOptions reach the mount kubelet asks for, and so the pod. */
  @Test
  void mountOptionsOfTheStorageClass_applyWhereThePodSeesTheVolume() {
    StorageClass sc = StorageClass.twoReplicas("ext4").mountOptions("noatime", "sync");
    Pv pv = k8s.provisioner().provision(sc, Claim.filesystem(64 * MIB).scheduledOn("node-a"));
    Published pod = k8s.startPod(pv, "node-a");
    assertThat(Host.mountOptions(pod.staged().stagingPath())).contains("noatime", "sync");
    assertThat(Host.mountOptions(pod.target())).contains("noatime", "sync");
    k8s.stopPod(pod);
    k8s.provisioner().delete(pv);
  }

  /**
   * kubelet and the sidecars work on different volumes at the same time: four pods with a volume
   * each start together on one node, write, and stop together.
   */
  @Test
  void fourVolumesOnOneNode_setUpAndTakenDownConcurrently() throws Exception {
    StorageClass sc = StorageClass.twoReplicas("ext4");
    List<Callable<Published>> starts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      starts.add(
          () -> {
            Pv pv =
                k8s.provisioner().provision(sc, Claim.filesystem(64 * MIB).scheduledOn("node-b"));
            Published pod = k8s.startPod(pv, "node-b");
            Data.writeFile(pod.target().resolve("id"), pv.id().getBytes(StandardCharsets.UTF_8));
            return pod;
          });
    }
    List<Published> pods = new ArrayList<>();
    try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Future<Published> f : workers.invokeAll(starts)) {
        pods.add(f.get());
      }
      for (Published pod : pods) {
        assertThat(new String(Data.readFile(pod.target().resolve("id")), StandardCharsets.UTF_8))
            .isEqualTo(pod.pv().id());
      }
      List<Callable<Void>> stops = new ArrayList<>();
      for (Published pod : pods) {
        stops.add(
            () -> {
              k8s.stopPod(pod);
              k8s.provisioner().delete(pod.pv());
              return null;
            });
      }
      for (Future<Void> f : workers.invokeAll(stops)) {
        f.get();
      }
    }
  }

  @Test
  void blockVolume_keepsTheBytesWrittenToTheDevice() {
    Pv pv =
        k8s.provisioner()
            .provision(StorageClass.twoReplicas(null), Claim.block(64 * MIB).scheduledOn("node-b"));
    Published first = k8s.startPod(pv, "node-b");
    assertThat(isBlockDevice(first.target())).as("the published target is the device").isTrue();
    assertThat(Data.blockSize(first.target())).isGreaterThanOrEqualTo(64 * MIB);
    var bytes =
        k8s.kubelet("node-b").stats(first).getUsageList().stream()
            .filter(u -> u.getUnit() == VolumeUsage.Unit.BYTES)
            .findFirst()
            .orElseThrow();
    assertThat(bytes.getTotal()).isEqualTo(Data.blockSize(first.target()));
    byte[] written = Data.pattern(pv.id(), 1 << 16);
    Data.writeBlock(first.target(), 5 * MIB, written);
    k8s.stopPod(first);

    Published second = k8s.startPod(pv, "node-b");
    assertThat(Data.readBlock(second.target(), 5 * MIB, written.length)).isEqualTo(written);
    k8s.stopPod(second);
    k8s.provisioner().delete(pv);
  }

  @Test
  void readWriteOnce_twoPodsOnOneNode_shareTheStagedVolume() {
    Pv pv =
        k8s.provisioner()
            .provision(
                StorageClass.twoReplicas("ext4"), Claim.filesystem(64 * MIB).scheduledOn("node-a"));
    Attachment attached = k8s.attacher().attach(pv, "node-a");
    Kubelet kubelet = k8s.kubelet("node-a");
    Staged staged = kubelet.stage(attached);
    Published writer = kubelet.publish(staged);
    Published reader = kubelet.publish(staged);

    byte[] written = "written by the first pod\n".getBytes(StandardCharsets.UTF_8);
    Data.writeFile(writer.target().resolve("shared.txt"), written);
    assertThat(Data.readFile(reader.target().resolve("shared.txt"))).isEqualTo(written);

    kubelet.unpublish(writer);
    // the other pod keeps its volume while the first one goes
    assertThat(Data.readFile(reader.target().resolve("shared.txt"))).isEqualTo(written);
    kubelet.unpublish(reader);
    kubelet.unstage(staged);
    k8s.attacher().detach(attached);
    k8s.provisioner().delete(pv);
  }

  /**
   * CSI spec, ControllerPublishVolume: a volume "published at another node" without a MULTI_NODE
   * capability is FAILED_PRECONDITION, naming the node it is published at. Kubernetes'
   * attach-detach controller normally prevents this for ReadWriteOnce, so the driver is the last
   * line of defence (against a second cluster, a stale VolumeAttachment, or a forced detach that
   * never completed).
   */
  @Test
  void readWriteOnce_attachedToASecondNode_isFailedPreconditionNamingTheFirst() {
    Pv pv =
        k8s.provisioner()
            .provision(
                StorageClass.twoReplicas("ext4"), Claim.filesystem(64 * MIB).scheduledOn("node-a"));
    Published pod = k8s.startPod(pv, "node-a");

    assertThatThrownBy(
            () ->
                cluster.controller().controllerPublishVolume(k8s.attacher().request(pv, "node-b")))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e.getStatus().getDescription()).contains("node-a");
            });

    k8s.stopPod(pod);
    // once detached from node-a, node-b may have it
    Published moved = k8s.startPod(pv, "node-b");
    k8s.stopPod(moved);
    k8s.provisioner().delete(pv);
  }

  @Test
  void readWriteManyBlock_publishedOnTwoNodes_eachSeesTheOthersWrites() {
    Pv pv =
        k8s.provisioner()
            .provision(
                StorageClass.twoReplicas(null),
                Claim.block(64 * MIB).access(AccessMode.READ_WRITE_MANY).scheduledOn("node-a"));
    Published onA = k8s.startPod(pv, "node-a");
    Published onB = k8s.startPod(pv, "node-b");
    // what lets DRBD have the device open for writing on both nodes at once
    assertThat(cluster.linstor().properties(pv.id()))
        .containsEntry("DrbdOptions/Net/allow-two-primaries", "yes");

    byte[] fromA = Data.pattern("written on node-a", 1 << 16);
    Data.writeBlock(onA.target(), 0, fromA);
    assertThat(Data.readBlock(onB.target(), 0, fromA.length)).isEqualTo(fromA);
    byte[] fromB = Data.pattern("written on node-b", 1 << 16);
    Data.writeBlock(onB.target(), 8 * MIB, fromB);
    assertThat(Data.readBlock(onA.target(), 8 * MIB, fromB.length)).isEqualTo(fromB);

    k8s.stopPod(onB);
    k8s.stopPod(onA);
    k8s.provisioner().delete(pv);
  }

  @Test
  void remoteAccess_podOnANodeWithoutReplica_readsAndWritesTheSameData() {
    // allowedTopologies: node-a and node-b; remote access is allowed by default
    StorageClass sc = StorageClass.twoReplicas("ext4").immediateOn("node-a", "node-b");
    Pv pv = k8s.provisioner().provision(sc, Claim.filesystem(64 * MIB));
    assertThat(cluster.linstor().diskfulReplicas(pv.id()))
        .containsExactlyInAnyOrder("node-a", "node-b");
    // the PV's node affinity must admit node-c, or the scheduler never puts the pod there; CSI
    // spec: no accessible topology at all means accessible from every node
    assertThat(
            pv.volume().getAccessibleTopologyList().isEmpty()
                || pv.volume().getAccessibleTopologyList().stream()
                    .anyMatch(t -> admits(t, "node-c")))
        .as("accessible topology %s admits node-c", pv.volume().getAccessibleTopologyList())
        .isTrue();

    Published onA = k8s.startPod(pv, "node-a");
    byte[] fromA = Data.pattern("written on node-a", (int) MIB);
    Data.writeFile(onA.target().resolve("a.bin"), fromA);
    k8s.stopPod(onA);

    Published onC = k8s.startPod(pv, "node-c");
    // external-attacher's reconciliation reads the published nodes
    assertThat(
            cluster
                .controller()
                .controllerGetVolume(
                    ControllerGetVolumeRequest.newBuilder().setVolumeId(pv.id()).build())
                .getStatus()
                .getPublishedNodeIdsList())
        .contains(k8s.facts().nodeId("node-c"));
    // a diskless resource serves node-c (in a three-node cluster: LINSTOR's quorum tie-breaker)
    assertThat(cluster.linstor().replicas(pv.id()))
        .containsAnyOf("node-c (diskless)", "node-c (tie-breaker)");
    assertThat(Data.readFile(onC.target().resolve("a.bin"))).isEqualTo(fromA);
    byte[] fromC = Data.pattern("written on node-c", (int) MIB);
    Data.writeFile(onC.target().resolve("c.bin"), fromC);
    k8s.stopPod(onC);
    // the diskless attachment goes with the detach (a quorum tie-breaker may come back); the
    // replicas stay
    assertThat(cluster.linstor().replicas(pv.id())).doesNotContain("node-c (diskless)");
    assertThat(cluster.linstor().diskfulReplicas(pv.id()))
        .containsExactlyInAnyOrder("node-a", "node-b");

    Published onB = k8s.startPod(pv, "node-b");
    assertThat(Data.readFile(onB.target().resolve("a.bin"))).isEqualTo(fromA);
    assertThat(Data.readFile(onB.target().resolve("c.bin"))).isEqualTo(fromC);
    k8s.stopPod(onB);
    k8s.provisioner().delete(pv);
  }

  /**
   * Online growth: external-resizer's ControllerExpandVolume, then kubelet's NodeExpandVolume on
   * the published volume. Growing a mounted ext4 needs CAP_SYS_RESOURCE, which some hosts do not
   * grant even to root (then the driver's error says so and the ext4 case is skipped).
   */
  @ParameterizedTest
  @ValueSource(strings = {"xfs", "ext4"})
  void expansion_whilePublished_growsTheFileSystemAndKeepsTheData(String fsType) {
    if (fsType.equals("ext4")) {
      assumeTrue(Host.hasCapability(CAP_SYS_RESOURCE), "no CAP_SYS_RESOURCE for resize2fs here");
    }
    Pv pv =
        k8s.provisioner()
            .provision(
                StorageClass.twoReplicas(fsType), Claim.filesystem(64 * MIB).scheduledOn("node-a"));
    long size = pv.volume().getCapacityBytes();
    long larger = size + 64 * MIB;
    Published pod = k8s.startPod(pv, "node-a");
    byte[] written = Data.pattern(pv.id(), 2 * (int) MIB);
    Data.writeFile(pod.target().resolve("before.bin"), written);
    long before = Host.filesystemBytes(pod.target());
    assertThat(before).isLessThanOrEqualTo(size);

    var grown = k8s.resizer().expand(pv, larger);
    assertThat(grown.getCapacityBytes()).isGreaterThanOrEqualTo(larger);
    assertThat(grown.getNodeExpansionRequired()).isTrue();
    var nodeGrown = k8s.kubelet("node-a").expand(pod, larger);
    assertThat(nodeGrown.getCapacityBytes()).isGreaterThanOrEqualTo(larger);

    // df shows the growth (less the file system's own overhead)
    long after = Host.filesystemBytes(pod.target());
    assertThat(after - before).isGreaterThanOrEqualTo((larger - size) * 9 / 10);
    assertThat(Data.readFile(pod.target().resolve("before.bin"))).isEqualTo(written);
    // more is free now than the whole file system held before
    assertThat(Host.filesystemFreeBytes(pod.target())).isGreaterThan(before);
    byte[] more = Data.pattern("after", 8 * (int) MIB);
    Data.writeFile(pod.target().resolve("after.bin"), more);
    assertThat(Data.readFile(pod.target().resolve("after.bin"))).isEqualTo(more);
    k8s.stopPod(pod);
    k8s.provisioner().delete(pv);
  }

  @Test
  void snapshot_restoredIntoANewVolume_holdsTheDataOfTheMomentItWasTaken() throws Exception {
    StorageClass sc = StorageClass.twoReplicas("ext4");
    Pv pv = k8s.provisioner().provision(sc, Claim.filesystem(64 * MIB).scheduledOn("node-a"));
    Published pod = k8s.startPod(pv, "node-a");
    byte[] atSnapshot = Data.pattern("at snapshot", (int) MIB);
    Data.writeFile(pod.target().resolve("data.bin"), atSnapshot);

    Snapshot snapshot = k8s.snapshotter().snapshot(pv);
    assertThat(snapshot.getReadyToUse()).isTrue();
    assertThat(snapshot.getSourceVolumeId()).isEqualTo(pv.id());
    assertThat(snapshot.getSizeBytes()).isGreaterThanOrEqualTo(64 * MIB);
    byte[] later = Data.pattern("after the snapshot", (int) MIB);
    Data.writeFile(pod.target().resolve("data.bin"), later);

    Pv restored =
        k8s.provisioner()
            .provision(
                sc,
                Claim.filesystem(64 * MIB)
                    .scheduledOn("node-b")
                    .from(Snapshotter.source(snapshot)));
    assertThat(restored.volume().getContentSource().getSnapshot().getSnapshotId())
        .isEqualTo(snapshot.getSnapshotId());
    Published restoredPod = k8s.startPod(restored, "node-b");
    assertThat(Data.readFile(restoredPod.target().resolve("data.bin"))).isEqualTo(atSnapshot);
    assertThat(Data.readFile(pod.target().resolve("data.bin"))).isEqualTo(later);

    k8s.stopPod(restoredPod);
    k8s.provisioner().delete(restored);
    k8s.snapshotter().delete(snapshot);
    k8s.stopPod(pod);
    k8s.provisioner().delete(pv);
  }

  @Test
  void clone_holdsTheSourceData() {
    StorageClass sc = StorageClass.twoReplicas("xfs");
    Pv source = k8s.provisioner().provision(sc, Claim.filesystem(64 * MIB).scheduledOn("node-a"));
    Published pod = k8s.startPod(source, "node-a");
    byte[] written = Data.pattern("clone source", 2 * (int) MIB);
    Data.writeFile(pod.target().resolve("data.bin"), written);
    k8s.stopPod(pod);

    Pv clone =
        k8s.provisioner()
            .provision(
                sc,
                Claim.filesystem(source.volume().getCapacityBytes())
                    .scheduledOn("node-a")
                    .from(Snapshotter.clone(source)));
    // the clone is mounted beside its source on the same node: same xfs UUID, both must work
    Published sourceAgain = k8s.startPod(source, "node-a");
    Published clonePod = k8s.startPod(clone, "node-a");
    assertThat(Data.readFile(clonePod.target().resolve("data.bin"))).isEqualTo(written);
    byte[] changed = Data.pattern("changed in the clone", (int) MIB);
    Data.writeFile(clonePod.target().resolve("data.bin"), changed);
    assertThat(Data.readFile(sourceAgain.target().resolve("data.bin"))).isEqualTo(written);

    k8s.stopPod(clonePod);
    k8s.stopPod(sourceAgain);
    k8s.provisioner().delete(clone);
    k8s.provisioner().delete(source);
  }

  /**
   * A VolumeSnapshot outlives the claim it was taken of: the source volume is deleted while the
   * snapshot exists, the snapshot still restores, and deleting it last removes everything.
   */
  @Test
  void snapshot_outlivesItsDeletedSource_andStillRestores() throws Exception {
    StorageClass sc = StorageClass.twoReplicas("ext4");
    Pv pv = k8s.provisioner().provision(sc, Claim.filesystem(64 * MIB).scheduledOn("node-c"));
    Published pod = k8s.startPod(pv, "node-c");
    byte[] written = Data.pattern(pv.id(), (int) MIB);
    Data.writeFile(pod.target().resolve("data.bin"), written);
    Snapshot snapshot = k8s.snapshotter().snapshot(pv);
    k8s.stopPod(pod);
    k8s.provisioner().delete(pv);
    // the source's storage stays (the snapshot needs it) but it is no volume any more
    assertThat(
            cluster
                .controller()
                .listVolumes(ListVolumesRequest.getDefaultInstance())
                .getEntriesList())
        .noneMatch(e -> e.getVolume().getVolumeId().equals(pv.id()));
    // repeated, as the provisioner would after a lost answer
    cluster
        .controller()
        .deleteVolume(DeleteVolumeRequest.newBuilder().setVolumeId(pv.id()).build());

    Pv restored =
        k8s.provisioner()
            .provision(
                sc,
                Claim.filesystem(snapshot.getSizeBytes())
                    .scheduledOn("node-a")
                    .from(Snapshotter.source(snapshot)));
    Published restoredPod = k8s.startPod(restored, "node-a");
    assertThat(Data.readFile(restoredPod.target().resolve("data.bin"))).isEqualTo(written);
    k8s.stopPod(restoredPod);
    k8s.snapshotter().delete(snapshot);
    assertThat(cluster.linstor().resourceDefinitions()).containsExactly(restored.id());
    k8s.provisioner().delete(restored);
  }

  /**
   * A claim larger than its snapshot: the new volume has the claim's size, and the pod must see a
   * file system of that size. Kubernetes calls no NodeExpandVolume for this, so the file system has
   * to be grown when it is staged (as it does for offline expansion).
   */
  @Test
  void restoreIntoALargerClaim_thePodSeesTheClaimedSize() throws Exception {
    StorageClass sc = StorageClass.twoReplicas("xfs");
    Pv pv = k8s.provisioner().provision(sc, Claim.filesystem(64 * MIB).scheduledOn("node-a"));
    Published pod = k8s.startPod(pv, "node-a");
    byte[] written = Data.pattern(pv.id(), (int) MIB);
    Data.writeFile(pod.target().resolve("data.bin"), written);
    long sourceFs = Host.filesystemBytes(pod.target());
    Snapshot snapshot = k8s.snapshotter().snapshot(pv);
    k8s.stopPod(pod);

    long larger = snapshot.getSizeBytes() + 128 * MIB;
    Pv restored =
        k8s.provisioner()
            .provision(
                sc,
                Claim.filesystem(larger).scheduledOn("node-a").from(Snapshotter.source(snapshot)));
    assertThat(restored.volume().getCapacityBytes()).isGreaterThanOrEqualTo(larger);
    Published restoredPod = k8s.startPod(restored, "node-a");
    assertThat(Data.readFile(restoredPod.target().resolve("data.bin"))).isEqualTo(written);
    assertThat(Host.filesystemBytes(restoredPod.target()))
        .as(
            "file system size of a %d byte volume restored from a %d byte one",
            larger, snapshot.getSizeBytes())
        .isGreaterThanOrEqualTo(sourceFs + 100 * MIB);

    k8s.stopPod(restoredPod);
    k8s.provisioner().delete(restored);
    k8s.snapshotter().delete(snapshot);
    k8s.provisioner().delete(pv);
  }

  /** Block volumes grow without a node step: the published device shows the new size at once. */
  @Test
  void blockExpansion_whilePublished_theDeviceGrowsAndKeepsItsData() {
    Pv pv =
        k8s.provisioner()
            .provision(StorageClass.twoReplicas(null), Claim.block(64 * MIB).scheduledOn("node-c"));
    Published pod = k8s.startPod(pv, "node-c");
    byte[] written = Data.pattern(pv.id(), 1 << 16);
    Data.writeBlock(pod.target(), 60 * MIB, written);

    var grown = k8s.resizer().expand(pv, 128 * MIB);
    assertThat(grown.getCapacityBytes()).isGreaterThanOrEqualTo(128 * MIB);
    assertThat(grown.getNodeExpansionRequired()).isFalse();
    assertThat(Data.blockSize(pod.target())).isGreaterThanOrEqualTo(128 * MIB);
    assertThat(Data.readBlock(pod.target(), 60 * MIB, written.length)).isEqualTo(written);
    Data.writeBlock(pod.target(), 120 * MIB, written);
    assertThat(Data.readBlock(pod.target(), 120 * MIB, written.length)).isEqualTo(written);
    k8s.stopPod(pod);
    k8s.provisioner().delete(pv);
  }

  /**
   * CSI spec: the CO must not delete a published volume; Kubernetes never does. If asked anyway,
   * the driver must not pull the disk from under a running pod: FAILED_PRECONDITION ("volume in
   * use") and everything as before.
   */
  @Test
  void deleteVolume_whilePublished_isRefusedAndTheDataStays() {
    Pv pv =
        k8s.provisioner()
            .provision(
                StorageClass.twoReplicas("ext4"), Claim.filesystem(64 * MIB).scheduledOn("node-a"));
    Published pod = k8s.startPod(pv, "node-a");
    byte[] written = Data.pattern(pv.id(), (int) MIB);
    Data.writeFile(pod.target().resolve("data.bin"), written);

    assertThatThrownBy(
            () ->
                cluster
                    .controller()
                    .deleteVolume(DeleteVolumeRequest.newBuilder().setVolumeId(pv.id()).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e.getStatus().getDescription()).contains(pv.id());
            });
    assertThat(cluster.linstor().resourceDefinitions()).contains(pv.id());
    assertThat(Data.readFile(pod.target().resolve("data.bin"))).isEqualTo(written);
    Data.writeFile(pod.target().resolve("still-writable.bin"), written);

    k8s.stopPod(pod);
    k8s.provisioner().delete(pv);
  }

  /**
   * The node reboots: the plugin dies without warning and every mount is gone. When it is back,
   * kubelet stages and publishes again with the same requests, and the data is there.
   */
  @Test
  void nodePluginKilledAndMountsLost_stagesAgainAfterRestart_withTheDataKept() throws Exception {
    Pv pv =
        k8s.provisioner()
            .provision(
                StorageClass.twoReplicas("ext4"), Claim.filesystem(64 * MIB).scheduledOn("node-a"));
    Published pod = k8s.startPod(pv, "node-a");
    byte[] written = Data.pattern(pv.id(), (int) MIB);
    Data.writeFile(pod.target().resolve("data.bin"), written);

    cluster.killNodePlugin("node-a");
    Host.run("umount", pod.target().toString());
    Host.run("umount", pod.staged().stagingPath().toString());
    assertThat(Host.mountsUnder(cluster.kubeletRoot("node-a"))).isEmpty();
    cluster.startNodePlugin("node-a");

    Kubelet kubelet = k8s.kubelet("node-a");
    cluster
        .node("node-a")
        .nodeStageVolume(
            kubelet.stageRequest(pod.staged().attachment(), pod.staged().stagingPath()));
    cluster.node("node-a").nodePublishVolume(kubelet.publishRequest(pod.staged(), pod.target()));
    assertThat(Host.isMountPoint(pod.staged().stagingPath())).isTrue();
    assertThat(Data.readFile(pod.target().resolve("data.bin"))).isEqualTo(written);

    k8s.stopPod(pod);
    k8s.provisioner().delete(pv);
  }

  /**
   * The node plugin's DaemonSet is rolled (a new process) while pods keep their mounts: the new
   * process, which knows nothing of the old one's calls, reports stats, grows and takes down what
   * the old one set up.
   */
  @Test
  void nodePluginReplacedWhilePublished_theNewOneServesAndTakesDownTheOldOnesMounts()
      throws Exception {
    Pv pv =
        k8s.provisioner()
            .provision(
                StorageClass.twoReplicas("xfs"), Claim.filesystem(64 * MIB).scheduledOn("node-c"));
    Published pod = k8s.startPod(pv, "node-c");
    byte[] written = Data.pattern(pv.id(), (int) MIB);
    Data.writeFile(pod.target().resolve("data.bin"), written);

    cluster.killNodePlugin("node-c");
    cluster.startNodePlugin("node-c");
    assertThat(Host.isMountPoint(pod.target())).isTrue();
    assertThat(k8s.kubelet("node-c").stats(pod).getVolumeCondition().getAbnormal()).isFalse();
    long larger = pv.volume().getCapacityBytes() + 64 * MIB;
    k8s.resizer().expand(pv, larger);
    assertThat(k8s.kubelet("node-c").expand(pod, larger).getCapacityBytes())
        .isGreaterThanOrEqualTo(larger);
    assertThat(Data.readFile(pod.target().resolve("data.bin"))).isEqualTo(written);
    k8s.stopPod(pod);
    k8s.provisioner().delete(pv);
  }

  private boolean admits(Topology t, String node) {
    Topology nodeTopology = k8s.facts().topology(node);
    return t.getSegmentsMap().entrySet().stream()
        .allMatch(e -> e.getValue().equals(nodeTopology.getSegmentsMap().get(e.getKey())));
  }

  private static boolean isBlockDevice(Path p) {
    return Host.run("stat", "-c", "%F", p.toString()).contains("block");
  }
}
