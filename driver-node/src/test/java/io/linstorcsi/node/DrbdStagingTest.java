package io.linstorcsi.node;

import static io.linstorcsi.node.testing.Csi.block;
import static io.linstorcsi.node.testing.Csi.failsWith;
import static io.linstorcsi.node.testing.Csi.mount;
import static io.linstorcsi.node.testing.Csi.publish;
import static io.linstorcsi.node.testing.Csi.stage;
import static io.linstorcsi.node.testing.Csi.stageWithContext;
import static io.linstorcsi.node.testing.Csi.unpublish;
import static io.linstorcsi.node.testing.Csi.unstage;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.linstorcsi.node.host.DeviceNumber;
import io.linstorcsi.node.testing.FakeDrbdTools;
import io.linstorcsi.node.testing.NodeHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The DRBD side of staging through the real service: a device node with DRBD's major number (minor
 * 0, as in the recordings) and stand-in drbd tools answering with recorded states. Block access,
 * because no filesystem can live on a device without the DRBD driver behind it.
 */
@Tag("privileged")
class DrbdStagingTest {
  private final Path toolDir = Files.createTempDirectory("lcsi-drbd-tools-");
  private final FakeDrbdTools drbd = new FakeDrbdTools(toolDir);

  @RegisterExtension
  final NodeHarness host =
      new NodeHarness(b -> b.drbd(drbd.config(false)).drbdWait(Duration.ofSeconds(10)));

  DrbdStagingTest() throws IOException {}

  @AfterEach
  void removeTools() throws IOException {
    try (Stream<Path> walk = Files.walk(toolDir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Test
  void stage_waitsUntilTheLocalDiskIsUpToDate() throws Exception {
    Path dev = host.deviceNode(DeviceNumber.DRBD_MAJOR, 0);
    // no peer is Primary in either state: a Primary peer is refused at once (see below)
    drbd.state("01-fresh-inconsistent", "alpha");
    CompletableFuture<Void> resync =
        CompletableFuture.runAsync(
            () -> {
              try {
                Thread.sleep(500);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              drbd.state("09a-both-secondary", "alpha");
            },
            Thread::startVirtualThread);

    host.node().nodeStageVolume(stage("r0", dev, host.staging("r0"), block()));

    resync.get(5, TimeUnit.SECONDS);
    assertThat(drbd.calls())
        .filteredOn(c -> c.startsWith("drbdsetup status"))
        .hasSizeGreaterThan(1);
  }

  @Test
  void stage_ofAnInconsistentVolume_isUnavailable_withinTheCallersDeadline() {
    Path dev = host.deviceNode(DeviceNumber.DRBD_MAJOR, 0);
    drbd.state("01-fresh-inconsistent", "alpha");

    Status waiting =
        failsWith(
            Status.Code.UNAVAILABLE,
            () ->
                host.node()
                    .withDeadlineAfter(4, TimeUnit.SECONDS)
                    .nodeStageVolume(stage("r0", dev, host.staging("r0"), block())));

    assertThat(waiting.getDescription()).contains("not usable yet").contains("Inconsistent");
  }

  @Test
  void aDisklessClientWithAnUpToDatePeer_isStaged_published_andDemotedOnUnstage() {
    Path dev = host.deviceNode(DeviceNumber.DRBD_MAJOR, 0);
    Path staging = host.staging("r0");
    Path target = host.target("pod");
    drbd.state("08c-diskless-client-beta-primary", "beta");

    host.node().nodeStageVolume(stage("r0", dev, staging, block()));
    host.node().nodePublishVolume(publish("r0", dev, staging, target, block(), false));
    assertThat(NodeLifecycleTest.mountsAt(target)).hasSize(1);
    host.node().nodeUnpublishVolume(unpublish("r0", target));
    host.node().nodeUnstageVolume(unstage("r0", staging));

    assertThat(drbd.demoted()).containsExactly("r0");
    assertThat(drbd.calls()).contains("drbdadm secondary r0");
  }

  @Test
  void unstage_ofASecondary_demotesNothing_andRepeatsCleanly() {
    Path staging = host.staging("r0");
    drbd.state("09a-both-secondary", "alpha");

    host.node().nodeUnstageVolume(unstage("r0", staging));
    host.node().nodeUnstageVolume(unstage("r0", staging));

    assertThat(drbd.demoted()).isEmpty();
  }

  @Test
  void unstage_whileDrbdIsHeldOpen_isFailedPrecondition_namingTheReason() {
    Path staging = host.staging("r0");
    drbd.state("03-healthy-primary", "alpha");
    drbd.heldOpen(true);

    Status held =
        failsWith(
            Status.Code.FAILED_PRECONDITION,
            () -> host.node().nodeUnstageVolume(unstage("r0", staging)));

    assertThat(held.getDescription()).contains("r0").contains("held open");
    drbd.heldOpen(false);
    host.node().nodeUnstageVolume(unstage("r0", staging));
    assertThat(drbd.demoted()).containsExactly("r0");
  }

  @Test
  void stage_whileAConnectedPeerIsPrimary_isFailedPrecondition_namingIt_beforeProbing() {
    Path dev = host.deviceNode(DeviceNumber.DRBD_MAJOR, 0);
    drbd.state("03-healthy-primary", "beta");

    Status refused =
        failsWith(
            Status.Code.FAILED_PRECONDITION,
            () -> host.node().nodeStageVolume(stage("r0", dev, host.staging("r0"), mount("ext4"))));

    assertThat(refused.getDescription())
        .contains("r0")
        .contains("Primary on node alpha")
        .doesNotContain("blkid")
        .doesNotContain("Wrong medium type");
  }

  @Test
  void stage_ofADisklessClientWhileThePeerIsPrimary_isFailedPrecondition_namingIt() {
    Path dev = host.deviceNode(DeviceNumber.DRBD_MAJOR, 0);
    drbd.state("08b-diskless-client-alpha-primary", "beta");

    Status refused =
        failsWith(
            Status.Code.FAILED_PRECONDITION,
            () -> host.node().nodeStageVolume(stage("r0", dev, host.staging("r0"), block())));

    assertThat(refused.getDescription()).contains("Primary on node alpha");
  }

  @Test
  void stage_ofADrbdVolumeWithoutAttachEvidence_isFailedPrecondition_andPromotesNothing() {
    Path dev = host.deviceNode(DeviceNumber.DRBD_MAJOR, 0);
    // the peer is unreachable: its role is unknown, so DRBD itself cannot stop a second Primary
    drbd.state("04a-peer-unreachable", "beta");

    Status refused =
        failsWith(
            Status.Code.FAILED_PRECONDITION,
            () ->
                host.node()
                    .nodeStageVolume(
                        stageWithContext(
                            "r0",
                            host.staging("r0"),
                            block(),
                            Map.of(PublishContextKeys.DEVICE_PATH, dev.toString()))));

    assertThat(refused.getDescription())
        .contains(PublishContextKeys.ATTACHED_NODE)
        .contains("ControllerPublishVolume")
        .contains(NodeHarness.NODE);
    assertThat(drbd.calls()).noneMatch(c -> c.contains("primary"));
  }

  @Test
  void stage_ofADrbdVolumeWithoutAttachEvidence_whileEveryPeerIsConnected_isStaged() {
    // an attachment made before the upgrade: kubelet keeps its old publish context
    Path dev = host.deviceNode(DeviceNumber.DRBD_MAJOR, 0);
    Path staging = host.staging("r0");
    Path target = host.target("pod");
    drbd.state("09a-both-secondary", "alpha");

    host.node()
        .nodeStageVolume(
            stageWithContext(
                "r0", staging, block(), Map.of(PublishContextKeys.DEVICE_PATH, dev.toString())));
    host.node().nodePublishVolume(publish("r0", dev, staging, target, block(), false));

    assertThat(NodeLifecycleTest.mountsAt(target)).hasSize(1);
    host.node().nodeUnpublishVolume(unpublish("r0", target));
    host.node().nodeUnstageVolume(unstage("r0", staging));
  }

  @Test
  void stage_ofADrbdVolumeWithoutAttachEvidence_whilePeerUnreachable_namesThePeer() {
    Path dev = host.deviceNode(DeviceNumber.DRBD_MAJOR, 0);
    drbd.state("04a-peer-unreachable", "beta");

    Status refused =
        failsWith(
            Status.Code.FAILED_PRECONDITION,
            () ->
                host.node()
                    .nodeStageVolume(
                        stageWithContext(
                            "r0",
                            host.staging("r0"),
                            block(),
                            Map.of(PublishContextKeys.DEVICE_PATH, dev.toString()))));

    assertThat(refused.getDescription()).contains("DRBD peer alpha is not connected");
  }

  @Test
  void stage_ofADrbdVolumeAttachedToAnotherNode_isFailedPrecondition_namingBothNodes() {
    Path dev = host.deviceNode(DeviceNumber.DRBD_MAJOR, 0);
    drbd.state("04a-peer-unreachable", "beta");

    Status refused =
        failsWith(
            Status.Code.FAILED_PRECONDITION,
            () ->
                host.node()
                    .nodeStageVolume(
                        stageWithContext(
                            "r0",
                            host.staging("r0"),
                            block(),
                            Map.of(
                                PublishContextKeys.DEVICE_PATH,
                                dev.toString(),
                                PublishContextKeys.ATTACHED_NODE,
                                "node-b"))));

    assertThat(refused.getDescription()).contains("node-b").contains(NodeHarness.NODE);
  }

  @Test
  void stage_withAttachEvidence_whileThePeerIsUnreachable_isStaged() {
    Path dev = host.deviceNode(DeviceNumber.DRBD_MAJOR, 0);
    drbd.state("04a-peer-unreachable", "beta");

    host.node().nodeStageVolume(stage("r0", dev, host.staging("r0"), block()));
  }
}
