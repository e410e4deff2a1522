package io.linstorcsi.node.testing;

import csi.v1.NodeGrpc;
import io.grpc.BindableService;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.linstorcsi.common.UnixSocketServer;
import io.linstorcsi.node.DeviceLocator;
import io.linstorcsi.node.NodeConfig;
import io.linstorcsi.node.NodeService;
import io.linstorcsi.node.NodeTopology;
import io.linstorcsi.node.drbd.DrbdConfig;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real node service behind a real Unix socket, a kubelet directory in a fresh temp dir, and loop
 * devices on sparse files. After each test, whatever happened, every mount below the temp dir is
 * unmounted, every loop device detached, every device node removed, and the temp dir deleted.
 */
public final class NodeHarness
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  public static final String NODE = "node-a";

  private final UnaryOperator<NodeConfig.Builder> customize;
  private boolean privileged = true;
  private boolean classWide;
  private final Map<String, String> locatedDevices = new ConcurrentHashMap<>();
  private volatile NodeTopology.Facts facts = new NodeTopology.Facts(Map.of(), List.of());
  private final List<Path> loops = new ArrayList<>();
  private final List<Path> deviceNodes = new ArrayList<>();
  private Path dir;
  private Path kubelet;
  private NodeService service;
  private UnixSocketServer server;
  private ManagedChannel channel;

  public NodeHarness() {
    this(b -> b);
  }

  public NodeHarness(UnaryOperator<NodeConfig.Builder> customize) {
    this.customize = customize;
  }

  /** For tests that touch no device or mount (node info, capabilities): root is not needed. */
  public NodeHarness unprivileged() {
    this.privileged = false;
    return this;
  }

  /** On a static field: one service for the whole class, cleaned up after the last test. */
  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    classWide = true;
    setUp();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    tearDown();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (!classWide) {
      setUp();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (!classWide) {
      tearDown();
    }
  }

  private void setUp() throws Exception {
    if (privileged) {
      Host.requireRoot();
    }
    dir = Files.createTempDirectory("lcsi-node-");
    kubelet = Files.createDirectories(dir.resolve("kubelet"));
    NodeConfig config =
        customize
            .apply(
                NodeConfig.builder(NODE)
                    .kubeletRoot(kubelet)
                    .maxVolumesPerNode(4096)
                    .deviceWait(Duration.ofSeconds(5))
                    .drbdWait(Duration.ofSeconds(5))
                    .commandTimeout(Duration.ofSeconds(60))
                    .drbd(DrbdConfig.defaults().withMode(DrbdConfig.Mode.OFF)))
            .build();
    DeviceLocator locator = (volumeId, node) -> Optional.ofNullable(locatedDevices.get(volumeId));
    service = new NodeService(config, locator, node -> facts);
    service.start();
    Path socket = dir.resolve("csi.sock");
    server = UnixSocketServer.start(socket, List.<BindableService>of(service), List.of());
    channel =
        Grpc.newChannelBuilder("unix://" + socket, InsecureChannelCredentials.create()).build();
  }

  private void tearDown() throws Exception {
    try {
      if (channel != null) {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      if (server != null) {
        server.stop(Duration.ofSeconds(2));
      }
      if (service != null) {
        service.close();
      }
    } finally {
      cleanHost();
    }
  }

  /** The Node stub with a generous deadline (calls honour a shorter one when a test sets it). */
  public NodeGrpc.NodeBlockingStub node() {
    return NodeGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  public Path dir() {
    return dir;
  }

  public Path kubelet() {
    return kubelet;
  }

  /** A staging directory as kubelet makes it (created). */
  public Path staging(String name) {
    try {
      return Files.createDirectories(kubelet.resolve("plugins/staging").resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A publish target as kubelet names it: its parent exists, the target does not yet. */
  public Path target(String name) {
    try {
      Path pod = Files.createDirectories(kubelet.resolve("pods").resolve(name).resolve("volumes"));
      return pod.resolve("vol");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the locator answers for a volume whose publish context lacks the device. */
  public void locate(String volumeId, String devicePath) {
    locatedDevices.put(volumeId, devicePath);
  }

  public void topology(NodeTopology.Facts value) {
    this.facts = value;
  }

  /** A loop device on a new sparse file of {@code bytes}. */
  public Path loop(long bytes) {
    Path file = dir.resolve("disk-" + loops.size() + ".img");
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path device = Path.of(Host.run("losetup", "--find", "--show", file.toString()).strip());
    loops.add(device);
    return device;
  }

  /** Grows the loop device's backing file and tells the kernel ({@code losetup -c}). */
  public void growLoop(Path device, long bytes) {
    String backing =
        Host.run("losetup", "--noheadings", "--output", "BACK-FILE", device.toString());
    try (RandomAccessFile raf = new RandomAccessFile(backing.strip(), "rw")) {
      raf.setLength(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Host.run("losetup", "-c", device.toString());
  }

  /** A block device node in /dev with the given numbers, removed after the test. */
  public Path deviceNode(int major, int minor) {
    Path node = Path.of("/dev/lcsi-test-" + dir.getFileName() + "-" + deviceNodes.size());
    Host.run("mknod", node.toString(), "b", Integer.toString(major), Integer.toString(minor));
    deviceNodes.add(node);
    return node;
  }

  /** A path in /dev that does not exist yet, removed after the test if it was created. */
  public Path futureDeviceLink() {
    Path link = Path.of("/dev/lcsi-test-" + dir.getFileName() + "-link" + deviceNodes.size());
    deviceNodes.add(link);
    return link;
  }

  private void cleanHost() throws IOException {
    if (dir == null) {
      return;
    }
    String prefix = dir.toString() + "/";
    for (int round = 0; round < 8; round++) {
      List<String> mounted =
          Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
              .map(l -> l.split(" ")[4])
              .filter(m -> m.startsWith(prefix))
              .sorted(Comparator.comparingInt(String::length).reversed())
              .toList();
      if (mounted.isEmpty()) {
        break;
      }
      for (String m : mounted) {
        if (Host.exec("umount", m).exit() != 0) {
          Host.exec("umount", "-l", m); // test cleanup only: never leave a mount behind
        }
      }
    }
    for (Path loop : loops) {
      Host.exec("losetup", "-d", loop.toString());
    }
    loops.clear();
    for (Path node : deviceNodes) {
      Files.deleteIfExists(node);
    }
    deviceNodes.clear();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
