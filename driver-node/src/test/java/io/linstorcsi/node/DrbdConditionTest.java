package io.linstorcsi.node;

import static io.linstorcsi.node.testing.Csi.block;
import static io.linstorcsi.node.testing.Csi.publish;
import static io.linstorcsi.node.testing.Csi.stage;
import static io.linstorcsi.node.testing.Csi.stats;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.VolumeCondition;
import io.linstorcsi.node.host.DeviceNumber;
import io.linstorcsi.node.testing.FakeDrbdTools;
import io.linstorcsi.node.testing.NodeHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * NodeGetVolumeStats of a published DRBD volume while the events follower runs: the condition
 * kubelet receives says "split brain" only because the stream reported it.
 */
@Tag("privileged")
class DrbdConditionTest {
  private final Path toolDir = Files.createTempDirectory("lcsi-drbd-tools-");
  private final FakeDrbdTools drbd = new FakeDrbdTools(toolDir);

  @RegisterExtension final NodeHarness host = new NodeHarness(b -> b.drbd(drbd.config(true)));

  DrbdConditionTest() throws IOException {
    drbd.state("06b-split-brain-standalone", "alpha");
    drbd.streams(List.of(FakeDrbdTools.streamThrough("alpha", "06b-split-brain-standalone")), true);
  }

  @AfterEach
  void removeTools() throws IOException {
    try (Stream<Path> walk = Files.walk(toolDir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Test
  void theConditionOfAPublishedVolume_namesTheSplitBrainTheStreamReported() throws Exception {
    Path dev = host.deviceNode(DeviceNumber.DRBD_MAJOR, 0);
    Path staging = host.staging("r0");
    Path target = host.target("pod");
    host.node().nodeStageVolume(stage("r0", dev, staging, block()));
    host.node().nodePublishVolume(publish("r0", dev, staging, target, block(), false));

    VolumeCondition condition = awaitCondition(target, "split brain");

    assertThat(condition.getAbnormal()).isTrue();
    assertThat(condition.getMessage())
        .contains("DRBD resource r0 volume 0")
        .contains("split brain with beta");
    assertThat(drbd.calls()).contains("drbdsetup events2 --timestamps --statistics all");
  }

  private VolumeCondition awaitCondition(Path target, String text) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    VolumeCondition last = null;
    while (System.nanoTime() < end) {
      last = host.node().nodeGetVolumeStats(stats("r0", target)).getVolumeCondition();
      if (last.getMessage().contains(text)) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("condition never said '" + text + "'; last: " + last);
  }
}
