package io.linstorcsi.node;

import static io.linstorcsi.node.testing.Csi.block;
import static io.linstorcsi.node.testing.Csi.expand;
import static io.linstorcsi.node.testing.Csi.failsWith;
import static io.linstorcsi.node.testing.Csi.mount;
import static io.linstorcsi.node.testing.Csi.publish;
import static io.linstorcsi.node.testing.Csi.stage;
import static io.linstorcsi.node.testing.Csi.stats;
import static io.linstorcsi.node.testing.Csi.unpublish;
import static io.linstorcsi.node.testing.Csi.unstage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import csi.v1.NodeExpandVolumeResponse;
import csi.v1.NodeGetVolumeStatsResponse;
import csi.v1.VolumeCapability;
import csi.v1.VolumeUsage;
import io.grpc.Status;
import io.linstorcsi.node.testing.Host;
import io.linstorcsi.node.testing.NodeHarness;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Stage, publish, unpublish, unstage and expand on real loop devices over a real socket. */
@Tag("privileged")
class NodeLifecycleTest {
  private static final long MIB = 1 << 20;

  @RegisterExtension final NodeHarness host = new NodeHarness();

  /** xfs refuses devices under 300 MB, so its volumes are larger (sparse, so cheap). */
  private static long sizeFor(String fs) {
    return fs.equals("xfs") ? 512 * MIB : 64 * MIB;
  }

  @ParameterizedTest
  @ValueSource(strings = {"ext4", "xfs"})
  void stagePublishWrite_unpublishUnstage_thenStagedAgain_readsTheSameData(String fs)
      throws Exception {
    Path dev = host.loop(sizeFor(fs));
    Path staging = host.staging("pv1");
    Path target = host.target("pod1");
    VolumeCapability cap = mount(fs);

    host.node().nodeStageVolume(stage("pv1", dev, staging, cap));
    assertThat(mountAt(staging)).contains(" " + fs + " ").contains(dev.toString());
    host.node().nodePublishVolume(publish("pv1", null, staging, target, cap, false));
    Files.writeString(target.resolve("data.txt"), "written through " + fs);

    host.node().nodeUnpublishVolume(unpublish("pv1", target));
    assertThat(target).doesNotExist();
    host.node().nodeUnstageVolume(unstage("pv1", staging));
    assertThat(mountAt(staging)).isEmpty();
    assertThat(staging).isEmptyDirectory();

    Path target2 = host.target("pod2");
    host.node().nodeStageVolume(stage("pv1", dev, staging, cap));
    host.node().nodePublishVolume(publish("pv1", null, staging, target2, cap, false));
    assertThat(target2.resolve("data.txt")).hasContent("written through " + fs);
  }

  @Test
  void everyCall_repeated_answersOk_andLeavesOneMount() throws Exception {
    Path dev = host.loop(64 * MIB);
    Path staging = host.staging("pv1");
    Path target = host.target("pod1");
    VolumeCapability cap = mount("ext4");

    host.node().nodeStageVolume(stage("pv1", dev, staging, cap));
    Files.writeString(staging.resolve("marker"), "kept");
    host.node().nodeStageVolume(stage("pv1", dev, staging, cap));
    assertThat(mountsAt(staging)).hasSize(1);
    assertThat(staging.resolve("marker")).hasContent("kept");

    host.node().nodePublishVolume(publish("pv1", null, staging, target, cap, false));
    host.node().nodePublishVolume(publish("pv1", null, staging, target, cap, false));
    assertThat(mountsAt(target)).hasSize(1);

    host.node().nodeUnpublishVolume(unpublish("pv1", target));
    host.node().nodeUnpublishVolume(unpublish("pv1", target));
    host.node().nodeUnstageVolume(unstage("pv1", staging));
    host.node().nodeUnstageVolume(unstage("pv1", staging));
    assertThat(mountsAt(staging)).isEmpty();
    assertThat(target).doesNotExist();
  }

  @Test
  void blockVolume_isBoundOntoAFile_andWritesReachTheDevice() throws Exception {
    Path dev = host.loop(16 * MIB);
    Path staging = host.staging("pv-block");
    Path target = host.target("pod-block");

    host.node().nodeStageVolume(stage("pv-block", dev, staging, block()));
    assertThat(mountsAt(staging)).isEmpty();
    host.node().nodePublishVolume(publish("pv-block", dev, staging, target, block(), false));
    host.node().nodePublishVolume(publish("pv-block", dev, staging, target, block(), false));
    assertThat(mountsAt(target)).hasSize(1);

    byte[] payload = "raw block payload".getBytes(StandardCharsets.UTF_8);
    try (FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE)) {
      out.write(ByteBuffer.wrap(payload), 8192);
      out.force(true);
    }
    ByteBuffer back = ByteBuffer.allocate(payload.length);
    try (FileChannel in = FileChannel.open(dev, StandardOpenOption.READ)) {
      in.read(back, 8192);
    }
    assertThat(back.array()).isEqualTo(payload);

    NodeGetVolumeStatsResponse stats = host.node().nodeGetVolumeStats(stats("pv-block", target));
    assertThat(stats.getUsageList())
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.getUnit()).isEqualTo(VolumeUsage.Unit.BYTES);
              assertThat(u.getTotal()).isEqualTo(16 * MIB);
            });
    assertThat(stats.getVolumeCondition().getAbnormal()).isFalse();

    host.node().nodeUnpublishVolume(unpublish("pv-block", target));
    assertThat(target).doesNotExist();
    host.node().nodeUnstageVolume(unstage("pv-block", staging));
  }

  @Test
  void readOnlyPublish_refusesWrites_whileTheStagedFilesystemStaysWritable() throws Exception {
    Path dev = host.loop(64 * MIB);
    Path staging = host.staging("pv-ro");
    Path target = host.target("pod-ro");
    VolumeCapability cap = mount("ext4");
    host.node().nodeStageVolume(stage("pv-ro", dev, staging, cap));
    Files.writeString(staging.resolve("seen.txt"), "visible read-only");

    host.node().nodePublishVolume(publish("pv-ro", null, staging, target, cap, true));
    host.node().nodePublishVolume(publish("pv-ro", null, staging, target, cap, true));

    assertThat(target.resolve("seen.txt")).hasContent("visible read-only");
    assertThatThrownBy(() -> Files.writeString(target.resolve("new.txt"), "x"))
        .isInstanceOf(FileSystemException.class)
        .hasMessageContaining("Read-only file system");
    Files.writeString(staging.resolve("still-rw.txt"), "yes");

    Status rw =
        failsWith(
            Status.Code.ALREADY_EXISTS,
            () ->
                host.node().nodePublishVolume(publish("pv-ro", null, staging, target, cap, false)));
    assertThat(rw.getDescription()).contains(target.toString()).contains("ro");
  }

  @Test
  void xfsExpansion_growsTheMountedFilesystemOnline_andKeepsData() throws Exception {
    Grown grown = growPublished("xfs", 512, 768);

    assertThat(grown.first().getCapacityBytes()).isEqualTo(768 * MIB);
    assertThat(grown.repeated().getCapacityBytes()).isEqualTo(768 * MIB);
    assertThat(grown.dfAfter() - grown.dfBefore()).isGreaterThan(256 * MIB * 9 / 10);
    assertThat(bytes(host.node().nodeGetVolumeStats(stats("pv-grow", grown.target()))).getTotal())
        .isEqualTo(grown.dfAfter());
    assertThat(grown.target().resolve("before.txt")).hasContent("kept across growth");
  }

  /**
   * The kernel grows a mounted ext4 only for a process holding CAP_SYS_RESOURCE. Where the test
   * runs without it (some hosts withhold it from every process, privileged containers included),
   * the call must fail saying what was found and what happens instead, the data must be intact, and
   * the next staging must indeed grow the file system; with it, the filesystem must have grown.
   */
  @Test
  void ext4Expansion_growsTheMountedFilesystemOnline_orSaysWhyNotAndTheNextStageGrowsIt()
      throws Exception {
    if (Host.hasCapability(Host.CAP_SYS_RESOURCE)) {
      Grown grown = growPublished("ext4", 64, 128);
      assertThat(grown.first().getCapacityBytes()).isEqualTo(128 * MIB);
      assertThat(grown.repeated().getCapacityBytes()).isEqualTo(128 * MIB);
      assertThat(grown.dfAfter() - grown.dfBefore()).isGreaterThan(64 * MIB * 9 / 10);
      assertThat(grown.target().resolve("before.txt")).hasContent("kept across growth");
      return;
    }
    System.err.println(
        "NOTE: no CAP_SYS_RESOURCE here: checking that online ext4 growth reports it instead");
    Path dev = host.loop(64 * MIB);
    Path staging = host.staging("pv-grow");
    Path target = host.target("pod-grow");
    VolumeCapability cap = mount("ext4");
    host.node().nodeStageVolume(stage("pv-grow", dev, staging, cap));
    host.node().nodePublishVolume(publish("pv-grow", null, staging, target, cap, false));
    Files.writeString(target.resolve("before.txt"), "kept across growth");
    long before = dfSize(target);
    host.growLoop(dev, 128 * MIB);

    Status refused =
        failsWith(
            Status.Code.FAILED_PRECONDITION,
            () -> host.node().nodeExpandVolume(expand("pv-grow", target, staging, 128 * MIB, cap)));

    assertThat(refused.getDescription()).contains("CAP_SYS_RESOURCE").contains("next staging");
    if (Host.inBoundingSet(Host.CAP_SYS_RESOURCE)) {
      assertThat(refused.getDescription()).contains("securityContext");
    } else {
      assertThat(refused.getDescription())
          .contains("absent from the bounding set")
          .contains("CapBnd")
          .doesNotContain("give it to the node plugin's container");
    }
    assertThat(target.resolve("before.txt")).hasContent("kept across growth");

    host.node().nodeUnpublishVolume(unpublish("pv-grow", target));
    host.node().nodeUnstageVolume(unstage("pv-grow", staging));
    host.node().nodeStageVolume(stage("pv-grow", dev, staging, cap));
    host.node().nodePublishVolume(publish("pv-grow", null, staging, target, cap, false));
    assertThat(dfSize(target) - before).isGreaterThan(64 * MIB * 9 / 10);
    assertThat(target.resolve("before.txt")).hasContent("kept across growth");
  }

  /**
   * A volume grown while no pod used it, or restored/cloned into a larger claim (Kubernetes sends
   * no NodeExpandVolume then): staging grows the file system to its device, ext4 before mounting
   * and xfs right after.
   */
  @ParameterizedTest
  @ValueSource(strings = {"ext4", "xfs"})
  void fileSystemSmallerThanItsDevice_isGrownByTheNextStage_andKeepsData(String fs)
      throws Exception {
    long from = fs.equals("xfs") ? 300 : 64;
    Path dev = host.loop(from * MIB);
    Path staging = host.staging("pv-offline");
    Path target = host.target("pod-offline");
    VolumeCapability cap = mount(fs);
    host.node().nodeStageVolume(stage("pv-offline", dev, staging, cap));
    host.node().nodePublishVolume(publish("pv-offline", null, staging, target, cap, false));
    Files.writeString(target.resolve("before.txt"), "kept across offline growth");
    long before = dfSize(target);
    host.node().nodeUnpublishVolume(unpublish("pv-offline", target));
    host.node().nodeUnstageVolume(unstage("pv-offline", staging));

    host.growLoop(dev, (from + 128) * MIB);
    host.node().nodeStageVolume(stage("pv-offline", dev, staging, cap));
    host.node().nodePublishVolume(publish("pv-offline", null, staging, target, cap, false));

    assertThat(dfSize(target) - before).isGreaterThan(128 * MIB * 9 / 10);
    assertThat(target.resolve("before.txt")).hasContent("kept across offline growth");
    // a repeat finds nothing to grow and leaves the mount as it is
    host.node().nodeStageVolume(stage("pv-offline", dev, staging, cap));
  }

  private record Grown(
      Path target,
      long dfBefore,
      long dfAfter,
      NodeExpandVolumeResponse first,
      NodeExpandVolumeResponse repeated) {}

  private Grown growPublished(String fs, long fromMib, long toMib) throws Exception {
    Path dev = host.loop(fromMib * MIB);
    Path staging = host.staging("pv-grow");
    Path target = host.target("pod-grow");
    VolumeCapability cap = mount(fs);
    host.node().nodeStageVolume(stage("pv-grow", dev, staging, cap));
    host.node().nodePublishVolume(publish("pv-grow", null, staging, target, cap, false));
    Files.writeString(target.resolve("before.txt"), "kept across growth");
    long dfBefore = dfSize(target);

    host.growLoop(dev, toMib * MIB);
    NodeExpandVolumeResponse first =
        host.node().nodeExpandVolume(expand("pv-grow", target, staging, toMib * MIB, cap));
    NodeExpandVolumeResponse repeated =
        host.node().nodeExpandVolume(expand("pv-grow", target, staging, toMib * MIB, cap));
    return new Grown(target, dfBefore, dfSize(target), first, repeated);
  }

  @Test
  void expansion_ofABlockVolume_reportsTheNewSize_andTooLargeARequestIsRefused() throws Exception {
    Path dev = host.loop(16 * MIB);
    Path staging = host.staging("pv-bgrow");
    Path target = host.target("pod-bgrow");
    host.node().nodeStageVolume(stage("pv-bgrow", dev, staging, block()));
    host.node().nodePublishVolume(publish("pv-bgrow", dev, staging, target, block(), false));

    host.growLoop(dev, 32 * MIB);
    assertThat(
            host.node()
                .nodeExpandVolume(expand("pv-bgrow", target, staging, 32 * MIB, block()))
                .getCapacityBytes())
        .isEqualTo(32 * MIB);

    Status tooLarge =
        failsWith(
            Status.Code.FAILED_PRECONDITION,
            () ->
                host.node()
                    .nodeExpandVolume(expand("pv-bgrow", target, staging, 64 * MIB, block())));
    assertThat(tooLarge.getDescription()).contains(Long.toString(32 * MIB));
  }

  @Test
  void aDeviceWithAnotherFilesystem_isRefused_andItsDataIsUntouched() throws Exception {
    Path dev = host.loop(64 * MIB);
    Host.run("mkfs.ext4", "-q", dev.toString());
    Path scratch = Files.createDirectories(host.dir().resolve("scratch"));
    Host.run("mount", dev.toString(), scratch.toString());
    Files.writeString(scratch.resolve("precious.txt"), "do not format me");
    Host.run("umount", scratch.toString());
    String uuid = Host.run("blkid", "-p", "-s", "UUID", "-o", "value", dev.toString()).strip();

    Path staging = host.staging("pv-foreign");
    Status refused =
        failsWith(
            Status.Code.FAILED_PRECONDITION,
            () -> host.node().nodeStageVolume(stage("pv-foreign", dev, staging, mount("xfs"))));

    assertThat(refused.getDescription()).contains("ext4").contains("xfs").contains(dev.toString());
    assertThat(mountsAt(staging)).isEmpty();
    assertThat(Host.run("blkid", "-p", "-s", "UUID", "-o", "value", dev.toString()).strip())
        .isEqualTo(uuid);
    Host.run("mount", "-o", "ro", dev.toString(), scratch.toString());
    assertThat(scratch.resolve("precious.txt")).hasContent("do not format me");
  }

  @Test
  void aDeviceWithASwapSignature_isNotFormatted() {
    Path dev = host.loop(16 * MIB);
    Host.run("mkswap", dev.toString());
    Path staging = host.staging("pv-swap");

    Status refused =
        failsWith(
            Status.Code.FAILED_PRECONDITION,
            () -> host.node().nodeStageVolume(stage("pv-swap", dev, staging, mount("ext4"))));

    assertThat(refused.getDescription()).contains("swap");
    assertThat(Host.run("blkid", "-p", "-s", "TYPE", "-o", "value", dev.toString()).strip())
        .isEqualTo("swap");
  }

  @Test
  void stats_reportBytesAndInodes_andAnAbnormalConditionOnceTheMountIsGone() throws Exception {
    Path dev = host.loop(64 * MIB);
    Path staging = host.staging("pv-stats");
    Path target = host.target("pod-stats");
    VolumeCapability cap = mount("ext4");
    host.node().nodeStageVolume(stage("pv-stats", dev, staging, cap));
    host.node().nodePublishVolume(publish("pv-stats", null, staging, target, cap, false));

    NodeGetVolumeStatsResponse empty = host.node().nodeGetVolumeStats(stats("pv-stats", target));
    Files.write(target.resolve("blob"), new byte[4 << 20]);
    for (int i = 0; i < 20; i++) {
      Files.writeString(target.resolve("f" + i), "x");
    }
    Host.run("sync");
    NodeGetVolumeStatsResponse full = host.node().nodeGetVolumeStats(stats("pv-stats", target));

    assertThat(bytes(full).getUsed() - bytes(empty).getUsed()).isGreaterThanOrEqualTo(4 << 20);
    assertThat(bytes(full).getAvailable()).isLessThan(bytes(empty).getAvailable());
    assertThat(bytes(full).getTotal()).isEqualTo(bytes(empty).getTotal()).isEqualTo(dfSize(target));
    assertThat(inodes(full).getUsed() - inodes(empty).getUsed()).isEqualTo(21);
    assertThat(inodes(full).getTotal())
        .isEqualTo(inodes(full).getUsed() + inodes(full).getAvailable());
    assertThat(full.getVolumeCondition().getAbnormal()).isFalse();

    Host.run("umount", target.toString());
    NodeGetVolumeStatsResponse gone = host.node().nodeGetVolumeStats(stats("pv-stats", target));
    assertThat(gone.getVolumeCondition().getAbnormal()).isTrue();
    assertThat(gone.getVolumeCondition().getMessage()).contains("not mounted");

    failsWith(
        Status.Code.NOT_FOUND,
        () -> host.node().nodeGetVolumeStats(stats("pv-stats", target.resolveSibling("nothing"))));
  }

  @Test
  void stagingPathHoldingAnotherVolume_isAlreadyExists_namingIt() {
    Path devA = host.loop(64 * MIB);
    Path devB = host.loop(64 * MIB);
    Path staging = host.staging("shared");
    host.node().nodeStageVolume(stage("pv-a", devA, staging, mount("ext4")));

    Status clash =
        failsWith(
            Status.Code.ALREADY_EXISTS,
            () -> host.node().nodeStageVolume(stage("pv-b", devB, staging, mount("ext4"))));

    assertThat(clash.getDescription()).contains(devA.toString()).contains(devB.toString());
    assertThat(mountsAt(staging)).hasSize(1);
  }

  @Test
  void aBusyTarget_isReported_notUnmountedLazily() throws Exception {
    Path dev = host.loop(64 * MIB);
    Path staging = host.staging("pv-busy");
    Path target = host.target("pod-busy");
    VolumeCapability cap = mount("ext4");
    host.node().nodeStageVolume(stage("pv-busy", dev, staging, cap));
    host.node().nodePublishVolume(publish("pv-busy", null, staging, target, cap, false));

    try (FileChannel open =
        FileChannel.open(
            target.resolve("open.txt"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      open.write(ByteBuffer.wrap("held open".getBytes(StandardCharsets.UTF_8)));
      Status busy =
          failsWith(
              Status.Code.FAILED_PRECONDITION,
              () -> host.node().nodeUnpublishVolume(unpublish("pv-busy", target)));
      assertThat(busy.getDescription()).contains(target.toString()).contains("busy");
      assertThat(mountsAt(target)).hasSize(1);
    }
    host.node().nodeUnpublishVolume(unpublish("pv-busy", target));
    assertThat(target).doesNotExist();
  }

  @Test
  void allowedMountOptions_fromVolumeContextAndCapability_areApplied() {
    Path dev = host.loop(64 * MIB);
    Path staging = host.staging("pv-opts");
    host.node()
        .nodeStageVolume(
            stage(
                "pv-opts",
                dev,
                staging,
                mount("ext4", "nosuid"),
                Map.of(
                    VolumeContextKeys.MOUNT_OPTS, "noatime,nodev",
                    VolumeContextKeys.FS_OPTS, "-L vol-label -m 0")));

    assertThat(mountAt(staging).split(" ")[5].split(",")).contains("noatime", "nodev", "nosuid");
    assertThat(Host.run("blkid", "-p", "-s", "LABEL", "-o", "value", dev.toString()).strip())
        .isEqualTo("vol-label");
  }

  private static VolumeUsage bytes(NodeGetVolumeStatsResponse r) {
    return r.getUsageList().stream()
        .filter(u -> u.getUnit() == VolumeUsage.Unit.BYTES)
        .findFirst()
        .orElseThrow();
  }

  private static VolumeUsage inodes(NodeGetVolumeStatsResponse r) {
    return r.getUsageList().stream()
        .filter(u -> u.getUnit() == VolumeUsage.Unit.INODES)
        .findFirst()
        .orElseThrow();
  }

  static long dfSize(Path path) {
    List<String> lines = Host.run("df", "-B1", "--output=size", path.toString()).lines().toList();
    return Long.parseLong(lines.get(1).strip());
  }

  static List<String> mountsAt(Path path) {
    return readMountinfo().stream().filter(l -> l.split(" ")[4].equals(path.toString())).toList();
  }

  private static List<String> readMountinfo() {
    try {
      return Files.readAllLines(Path.of("/proc/self/mountinfo"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String mountAt(Path path) {
    List<String> all = mountsAt(path);
    return all.isEmpty() ? "" : all.getLast();
  }
}
