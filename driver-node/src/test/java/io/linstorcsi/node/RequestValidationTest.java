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

import csi.v1.NodeGrpc;
import csi.v1.NodeStageVolumeRequest;
import csi.v1.VolumeCapability;
import io.grpc.Status;
import io.linstorcsi.node.testing.Host;
import io.linstorcsi.node.testing.NodeHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No request may reach outside kubelet's directory, inject mount options or mkfs arguments, or name
 * a device outside /dev: every such request is INVALID_ARGUMENT and leaves the host as it was.
 */
@Tag("privileged")
class RequestValidationTest {
  private static final long MIB = 1 << 20;

  /** One service for the class: every case is refused, so none leaves anything behind. */
  @RegisterExtension static final NodeHarness host = new NodeHarness();

  private static Path dev;
  private static Path outside;

  @BeforeAll
  static void setUp() throws Exception {
    dev = host.loop(64 * MIB);
    outside = Files.createDirectories(host.dir().resolve("outside"));
    Files.createSymbolicLink(host.kubelet().resolve("evil"), outside);
  }

  /** Paths kubelet never sends; {@code %k} stands for the kubelet root. */
  static Stream<String> maliciousPaths() {
    return Stream.of(
        "",
        "relative/staging",
        "/etc/lcsi-never",
        "%k",
        "%k/../outside/x",
        "%k/plugins/../../outside/x",
        "%k/plugins/./x",
        "%k/evil/x",
        "%k/evil",
        "%k/plugins/x\0y");
  }

  /** What a path case needs: the malicious path and valid values for the other fields. */
  record Ctx(String path, Path dev, Path validTarget) {}

  /** Every RPC that takes a path, with the malicious path in that field. */
  static Stream<Arguments> pathCases() {
    Path any = Path.of("/placeholder");
    List<Map.Entry<String, BiConsumer<NodeGrpc.NodeBlockingStub, Ctx>>> rpcs =
        List.of(
            Map.entry(
                "NodeStageVolume.staging_target_path",
                (n, c) ->
                    n.nodeStageVolume(
                        stage("pv", c.dev(), any, mount("ext4")).toBuilder()
                            .setStagingTargetPath(c.path())
                            .build())),
            Map.entry(
                "NodeUnstageVolume.staging_target_path",
                (n, c) ->
                    n.nodeUnstageVolume(
                        unstage("pv", any).toBuilder().setStagingTargetPath(c.path()).build())),
            Map.entry(
                "NodePublishVolume.target_path",
                (n, c) ->
                    n.nodePublishVolume(
                        publish("pv", c.dev(), null, any, block(), false).toBuilder()
                            .setTargetPath(c.path())
                            .build())),
            Map.entry(
                "NodePublishVolume.staging_target_path",
                (n, c) ->
                    n.nodePublishVolume(
                        publish("pv", null, any, c.validTarget(), mount("ext4"), false).toBuilder()
                            .setStagingTargetPath(c.path())
                            .build())),
            Map.entry(
                "NodeUnpublishVolume.target_path",
                (n, c) ->
                    n.nodeUnpublishVolume(
                        unpublish("pv", any).toBuilder().setTargetPath(c.path()).build())),
            Map.entry(
                "NodeGetVolumeStats.volume_path",
                (n, c) ->
                    n.nodeGetVolumeStats(
                        stats("pv", any).toBuilder().setVolumePath(c.path()).build())),
            Map.entry(
                "NodeExpandVolume.volume_path",
                (n, c) ->
                    n.nodeExpandVolume(
                        expand("pv", any, null, 0, mount("ext4")).toBuilder()
                            .setVolumePath(c.path())
                            .build())));
    return rpcs.stream()
        .flatMap(
            rpc -> maliciousPaths().map(path -> Arguments.of(rpc.getKey(), path, rpc.getValue())));
  }

  @ParameterizedTest(name = "{0} = ''{1}''")
  @MethodSource("pathCases")
  void maliciousPaths_areRefused_andTouchNothing(
      String field, String template, BiConsumer<NodeGrpc.NodeBlockingStub, Ctx> rpc)
      throws Exception {
    String path = template.replace("%k", host.kubelet().toString());
    String mountsBefore = Files.readString(Path.of("/proc/self/mountinfo"));
    Ctx ctx = new Ctx(path, dev, host.target("pod"));

    // Calls that only look at an existing volume path answer NOT_FOUND for any path that cannot be
    // one (CSI spec, NodeGetVolumeStats/NodeExpandVolume); the others refuse it as invalid.
    Status.Code expected =
        field.endsWith(".volume_path") && !path.isEmpty()
            ? Status.Code.NOT_FOUND
            : Status.Code.INVALID_ARGUMENT;
    Status refused = failsWith(expected, () -> rpc.accept(host.node(), ctx));

    assertThat(refused.getDescription()).isNotBlank();
    assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).isEqualTo(mountsBefore);
    try (Stream<Path> s = Files.list(outside)) {
      assertThat(s).isEmpty();
    }
    assertThat(Host.exec("blkid", "-p", dev.toString()).exit()).isEqualTo(2);
  }

  static Stream<Arguments> refusedOptions() {
    return Stream.of(
        Arguments.of(mount("ext4", "exec"), Map.of()),
        Arguments.of(mount("ext4", "suid"), Map.of()),
        Arguments.of(mount("ext4", "dev"), Map.of()),
        Arguments.of(mount("ext4", "nosuid,exec"), Map.of()),
        Arguments.of(mount("ext4", "x-systemd.automount"), Map.of()),
        Arguments.of(mount("ext4", "x-mount.mkdir=0700"), Map.of()),
        Arguments.of(mount("ext4", "helper=udisks2"), Map.of()),
        Arguments.of(mount("ext4", "errors=panic"), Map.of()),
        Arguments.of(mount("ext4", "loop"), Map.of()),
        Arguments.of(mount("ext4", "offset=4096"), Map.of()),
        Arguments.of(mount("ext4", "context=system_u:object_r:x_t:s0:c1,c2"), Map.of()),
        Arguments.of(mount("ext4", "commit=5;reboot"), Map.of()),
        Arguments.of(mount("ext4", ""), Map.of()),
        Arguments.of(mount("ext4"), Map.of(VolumeContextKeys.MOUNT_OPTS, "noatime,exec")),
        Arguments.of(mount("ext4"), Map.of(VolumeContextKeys.MOUNT_OPTS, "noatime,,nodev")),
        Arguments.of(mount("ext4"), Map.of("linstor.csi.linbit.com/MOUNTOPTS", "rw,x-foo")),
        Arguments.of(mount("ext4"), Map.of(VolumeContextKeys.GO_MOUNT_OPTIONS, "nouuid,owner")),
        Arguments.of(mount("ext4"), Map.of(VolumeContextKeys.FS_OPTS, "-d /etc")),
        Arguments.of(mount("ext4"), Map.of(VolumeContextKeys.FS_OPTS, "-L x /dev/sda")),
        Arguments.of(mount("ext4"), Map.of("fsOpts", "-E root_owner=0:0\n-q")),
        Arguments.of(mount("xfs"), Map.of(VolumeContextKeys.POST_MOUNT_XFS_OPTS, "a\nb")),
        Arguments.of(mount("btrfs"), Map.of()),
        Arguments.of(
            withMode(mount("ext4"), VolumeCapability.AccessMode.Mode.MULTI_NODE_MULTI_WRITER),
            Map.of()),
        Arguments.of(withMode(mount("ext4"), VolumeCapability.AccessMode.Mode.UNKNOWN), Map.of()),
        Arguments.of(VolumeCapability.getDefaultInstance(), Map.of()));
  }

  @ParameterizedTest
  @MethodSource("refusedOptions")
  void injectedMountOrMkfsOptions_areInvalidArgument_andTheDeviceStaysBlank(
      VolumeCapability capability, Map<String, String> volumeContext) {
    Path staging = host.staging("pv-opts");

    failsWith(
        Status.Code.INVALID_ARGUMENT,
        () -> host.node().nodeStageVolume(stage("pv", dev, staging, capability, volumeContext)));

    assertThat(NodeLifecycleTest.mountsAt(staging)).isEmpty();
    assertThat(Host.exec("blkid", "-p", dev.toString()).exit()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/etc/passwd", "/dev/../etc/passwd", "dev/loop0", "/dev", "/tmp/x"})
  void aDevicePathOutsideDev_isInvalidArgument(String device) {
    Path staging = host.staging("pv-dev");
    NodeStageVolumeRequest req =
        stage("pv", null, staging, block()).toBuilder()
            .putPublishContext(PublishContextKeys.DEVICE_PATH, device)
            .build();

    Status refused =
        failsWith(Status.Code.INVALID_ARGUMENT, () -> host.node().nodeStageVolume(req));

    assertThat(refused.getDescription()).contains(PublishContextKeys.DEVICE_PATH);
  }

  @Test
  void aDeviceLinkInDevLeadingOutOfIt_isInvalidArgument() throws Exception {
    Path link = host.futureDeviceLink();
    Files.createSymbolicLink(link, outside);
    Path staging = host.staging("pv-link");

    failsWith(
        Status.Code.INVALID_ARGUMENT,
        () -> host.node().nodeStageVolume(stage("pv", link, staging, block())));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "pv\nx", "pv\0x"})
  void aBadVolumeId_isInvalidArgument(String id) {
    Path staging = host.staging("pv-id");
    failsWith(
        Status.Code.INVALID_ARGUMENT,
        () -> host.node().nodeStageVolume(stage(id, dev, staging, mount("ext4"))));
    failsWith(
        Status.Code.INVALID_ARGUMENT, () -> host.node().nodeUnstageVolume(unstage(id, staging)));
  }

  private static VolumeCapability withMode(
      VolumeCapability capability, VolumeCapability.AccessMode.Mode mode) {
    return capability.toBuilder()
        .setAccessMode(VolumeCapability.AccessMode.newBuilder().setMode(mode))
        .build();
  }
}
