package io.linstorcsi.node;

import static io.linstorcsi.node.testing.Csi.failsWith;
import static io.linstorcsi.node.testing.Csi.mount;
import static io.linstorcsi.node.testing.Csi.publish;
import static io.linstorcsi.node.testing.Csi.stage;
import static io.linstorcsi.node.testing.Csi.stats;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.VolumeCapability;
import io.grpc.Status;
import io.linstorcsi.node.testing.Host;
import io.linstorcsi.node.testing.NodeHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Staging an existing ext4 whose superblock records errors checks it first, as Kubernetes' safe
 * mounter does, on real loop devices: errors recorded by the kernel ({@code trigger_fs_error}) are
 * repaired, damage {@code e2fsck -p} must not repair on its own (a cleared root inode) refuses the
 * stage with what to do.
 */
@Tag("privileged")
class Ext4CheckBeforeMountTest {
  private static final long MIB = 1 << 20;

  @RegisterExtension final NodeHarness host = new NodeHarness();

  @Test
  void stage_ofAnExt4WithRecordedErrors_repairsItBeforeMounting_andKeepsTheData() throws Exception {
    Path dev = host.loop(64 * MIB);
    Host.run("mkfs.ext4", "-q", dev.toString());
    Path scratch = Files.createDirectories(host.dir().resolve("scratch"));
    Host.run("mount", dev.toString(), scratch.toString());
    Files.writeString(scratch.resolve("data.txt"), "kept");
    Files.writeString(
        Path.of("/sys/fs/ext4").resolve(dev.getFileName().toString()).resolve("trigger_fs_error"),
        "test");
    Host.run("umount", scratch.toString());
    assertThat(Host.run("dumpe2fs", "-h", dev.toString())).contains("clean with errors");

    Path staging = host.staging("pv-err");
    Path target = host.target("pod-err");
    VolumeCapability cap = mount("ext4");
    host.node().nodeStageVolume(stage("pv-err", dev, staging, cap));
    host.node().nodePublishVolume(publish("pv-err", null, staging, target, cap, false));

    assertThat(target.resolve("data.txt")).hasContent("kept");
    var condition = host.node().nodeGetVolumeStats(stats("pv-err", target)).getVolumeCondition();
    assertThat(condition.getAbnormal()).as(condition.getMessage()).isFalse();
  }

  @Test
  void stage_ofAnExt4ThatTheCheckCannotRepair_isFailedPrecondition_sayingWhatToDo() {
    Path dev = host.loop(64 * MIB);
    Host.run("mkfs.ext4", "-q", dev.toString());
    Host.run("debugfs", "-w", "-R", "clri <2>", dev.toString());
    Host.run("debugfs", "-w", "-R", "ssv state 2", dev.toString());
    Path staging = host.staging("pv-bad");

    Status refused =
        failsWith(
            Status.Code.FAILED_PRECONDITION,
            () -> host.node().nodeStageVolume(stage("pv-bad", dev, staging, mount("ext4"))));

    assertThat(refused.getDescription())
        .contains(dev.toString())
        .contains("e2fsck")
        .contains("by hand")
        .contains(NodeHarness.NODE);
    assertThat(NodeLifecycleTest.mountsAt(staging)).isEmpty();
  }
}
