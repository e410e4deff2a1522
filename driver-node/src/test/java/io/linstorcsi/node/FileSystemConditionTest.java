package io.linstorcsi.node;

import static io.linstorcsi.node.testing.Csi.mount;
import static io.linstorcsi.node.testing.Csi.publish;
import static io.linstorcsi.node.testing.Csi.stage;
import static io.linstorcsi.node.testing.Csi.stats;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.VolumeCapability;
import csi.v1.VolumeCondition;
import io.linstorcsi.node.testing.Host;
import io.linstorcsi.node.testing.NodeHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The file system's own error state in the volume condition, on real loop devices: ext4 errors
 * recorded by the kernel ({@code trigger_fs_error} makes the kernel record one exactly as a real
 * corruption or an aborted journal does) and an xfs shut down with {@code xfs_io -x -c shutdown}.
 * The mount table still says {@code rw} in both cases.
 */
@Tag("privileged")
class FileSystemConditionTest {
  private static final long MIB = 1 << 20;

  @RegisterExtension final NodeHarness host = new NodeHarness();

  @Test
  void stats_ofAnExt4ThatRecordedErrors_isAbnormal_sayingSo() throws Exception {
    Path dev = host.loop(64 * MIB);
    Path target = stagedAndPublished("pv-ext4", dev, mount("ext4"));
    assertThat(condition("pv-ext4", target).getAbnormal()).isFalse();

    Files.writeString(
        Path.of("/sys/fs/ext4").resolve(dev.getFileName().toString()).resolve("trigger_fs_error"),
        "test");

    // the kernel copies the error into the superblock (where errors_count reads it) from a work
    // queue, which a loaded machine runs a little later
    VolumeCondition broken = condition("pv-ext4", target);
    for (long deadline = System.nanoTime() + 10_000_000_000L;
        !broken.getAbnormal() && System.nanoTime() < deadline; ) {
      Thread.sleep(50);
      broken = condition("pv-ext4", target);
    }
    assertThat(broken.getAbnormal()).isTrue();
    assertThat(broken.getMessage())
        .contains("ext4")
        .contains("1 error")
        .contains("e2fsck")
        .contains(dev.getFileName().toString());
  }

  @Test
  void stats_ofAnXfsThatShutDown_isAbnormal_sayingSo_notNotFound() {
    Path dev = host.loop(512 * MIB);
    Path target = stagedAndPublished("pv-xfs", dev, mount("xfs"));
    assertThat(condition("pv-xfs", target).getAbnormal()).isFalse();

    Host.run(
        "xfs_io",
        "-x",
        "-c",
        "shutdown",
        host.kubelet().resolve("plugins/staging/pv-xfs").toString());

    VolumeCondition broken = condition("pv-xfs", target);
    assertThat(broken.getAbnormal()).isTrue();
    assertThat(broken.getMessage()).contains("xfs").contains("shut down").contains("xfs_repair");
  }

  private Path stagedAndPublished(String id, Path dev, VolumeCapability cap) {
    Path staging = host.staging(id);
    Path target = host.target("pod-" + id);
    host.node().nodeStageVolume(stage(id, dev, staging, cap));
    host.node().nodePublishVolume(publish(id, null, staging, target, cap, false));
    return target;
  }

  private VolumeCondition condition(String id, Path target) {
    return host.node().nodeGetVolumeStats(stats(id, target)).getVolumeCondition();
  }
}
