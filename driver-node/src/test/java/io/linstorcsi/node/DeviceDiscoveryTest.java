package io.linstorcsi.node;

import static io.linstorcsi.node.testing.Csi.block;
import static io.linstorcsi.node.testing.Csi.failsWith;
import static io.linstorcsi.node.testing.Csi.mount;
import static io.linstorcsi.node.testing.Csi.stage;
import static io.linstorcsi.node.testing.Csi.unstage;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.NodeStageVolumeRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.linstorcsi.node.testing.NodeHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Where the device comes from, waiting for it to appear, and one call per volume at a time. */
@Tag("privileged")
class DeviceDiscoveryTest {
  private static final long MIB = 1 << 20;

  @RegisterExtension
  final NodeHarness host = new NodeHarness(b -> b.deviceWait(Duration.ofSeconds(30)));

  @Test
  void withoutADeviceInThePublishContext_theLocatorIsAsked() {
    Path dev = host.loop(64 * MIB);
    host.locate("pv-located", dev.toString());
    Path staging = host.staging("pv-located");

    host.node().nodeStageVolume(stage("pv-located", null, staging, mount("ext4")));

    assertThat(NodeLifecycleTest.mountAt(staging)).contains(dev.toString());
  }

  @Test
  void aVolumeTheLocatorDoesNotKnowHere_isNotFound() {
    Path staging = host.staging("pv-nowhere");

    Status missing =
        failsWith(
            Status.Code.NOT_FOUND,
            () -> host.node().nodeStageVolume(stage("pv-nowhere", null, staging, block())));

    assertThat(missing.getDescription()).contains("pv-nowhere").contains(NodeHarness.NODE);
  }

  @Test
  void aDeviceThatAppearsLate_isAwaited() throws Exception {
    Path dev = host.loop(64 * MIB);
    Path link = host.futureDeviceLink();
    Path staging = host.staging("pv-late");
    CompletableFuture<Void> udev =
        CompletableFuture.runAsync(
            () -> {
              try {
                Thread.sleep(400);
                Files.createSymbolicLink(link, dev);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            Thread::startVirtualThread);

    host.node().nodeStageVolume(stage("pv-late", link, staging, mount("ext4")));

    udev.get(5, TimeUnit.SECONDS);
    assertThat(NodeLifecycleTest.mountAt(staging)).contains(dev.toString());
  }

  /**
   * The wait is bounded by the caller's deadline: with 30 s configured and a 2.5 s deadline the
   * node gives up in time to answer UNAVAILABLE itself (the client would otherwise see its own
   * DEADLINE_EXCEEDED), and the volume is free for the retry at once.
   */
  @Test
  void aDeviceThatNeverAppears_isUnavailable_withinTheCallersDeadline() {
    Path link = host.futureDeviceLink();
    Path staging = host.staging("pv-never");

    Status gone =
        failsWith(
            Status.Code.UNAVAILABLE,
            () ->
                host.node()
                    .withDeadlineAfter(2500, TimeUnit.MILLISECONDS)
                    .nodeStageVolume(stage("pv-never", link, staging, block())));

    assertThat(gone.getDescription()).contains(link.toString()).contains("did not appear");
    Status again =
        failsWith(
            Status.Code.UNAVAILABLE,
            () ->
                host.node()
                    .withDeadlineAfter(1500, TimeUnit.MILLISECONDS)
                    .nodeStageVolume(stage("pv-never", link, staging, block())));
    assertThat(again.getDescription()).contains("did not appear");
  }

  @Test
  void aSecondCallOnTheSameVolume_whileTheFirstRuns_isAborted() throws Exception {
    Path dev = host.loop(64 * MIB);
    Path link = host.futureDeviceLink();
    Path staging = host.staging("pv-busy");
    CompletableFuture<Void> first =
        CompletableFuture.runAsync(
            () -> stageRetryingWhileAborted(stage("pv-busy", link, staging, mount("ext4"))),
            Thread::startVirtualThread);
    awaitInFlight("pv-busy", staging, first);

    Status second =
        failsWith(
            Status.Code.ABORTED,
            () -> host.node().nodeStageVolume(stage("pv-busy", link, staging, mount("ext4"))));
    Path other = host.staging("pv-other");
    host.node().nodeStageVolume(stage("pv-other", host.loop(64 * MIB), other, mount("ext4")));

    Files.createSymbolicLink(link, dev);
    first.get(10, TimeUnit.SECONDS);
    assertThat(second.getDescription()).contains("pv-busy");
    assertThat(NodeLifecycleTest.mountAt(staging)).contains(dev.toString());
    assertThat(NodeLifecycleTest.mountAt(other)).isNotEmpty();
  }

  /** As kubelet does: an ABORTED call is simply repeated (here: while the probe holds the key). */
  private void stageRetryingWhileAborted(NodeStageVolumeRequest request) {
    while (true) {
      try {
        host.node().nodeStageVolume(request);
        return;
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.ABORTED) {
          throw e;
        }
      }
    }
  }

  /**
   * Waits until the server holds the volume: an unstage of it (harmless, nothing is staged yet)
   * answers ABORTED exactly while another call on it runs.
   */
  private void awaitInFlight(String volumeId, Path staging, CompletableFuture<Void> first)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < end) {
      if (first.isDone()) {
        first.join(); // surfaces why the first call ended early
        throw new AssertionError("the first call on " + volumeId + " ended before the second");
      }
      try {
        host.node().nodeUnstageVolume(unstage(volumeId, staging));
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.ABORTED) {
          return;
        }
        throw e;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the first call on " + volumeId + " never reached the node");
  }
}
