package io.linstorcsi.node.bench;

import csi.v1.NodeGetCapabilitiesRequest;
import csi.v1.NodeGrpc;
import csi.v1.NodePublishVolumeRequest;
import csi.v1.NodeStageVolumeRequest;
import csi.v1.NodeUnpublishVolumeRequest;
import csi.v1.NodeUnstageVolumeRequest;
import csi.v1.VolumeCapability;
import io.grpc.BindableService;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.linstorcsi.common.UnixSocketServer;
import io.linstorcsi.node.NodeConfig;
import io.linstorcsi.node.NodeService;
import io.linstorcsi.node.NodeTopology;
import io.linstorcsi.node.PublishContextKeys;
import io.linstorcsi.node.drbd.DrbdConfig;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * NodeStageVolume + NodePublishVolume of a fresh 1 GiB ext4 volume over the Unix socket, against
 * the same work done by hand ({@code mkfs.ext4}, {@code mount}, {@code mount --bind}); then
 * NodeUnpublishVolume + NodeUnstageVolume against {@code umount} of the bind and of the file
 * system. Each round uses a new sparse file on a new loop device; the first rounds warm up the JVM
 * and the channel. Node and bare rounds alternate, so load on a shared machine hits both alike. Two
 * RPCs that do no work are timed in each round too, as the floor the gRPC transport sets.
 *
 * <p>Run as root from the repository root (the command is in the README's Benchmarks section):
 * {@code ./mvnw -q -pl driver-node -am test-compile dependency:build-classpath
 * -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test}, then in {@code driver-node}
 * {@code java @../driver/jvm.options -cp target/test-classes:target/classes:$(cat
 * target/bench.classpath) io.linstorcsi.node.bench.StagePublishBenchmark 40} (the driver's own JVM
 * flags; the argument is the number of measured rounds).
 */
public final class StagePublishBenchmark {
  private static final long SIZE = 1L << 30;
  private static final int WARMUP = 3;

  private final Path dir;
  private final List<Path> loops = new ArrayList<>();

  private StagePublishBenchmark(Path dir) {
    this.dir = dir;
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    Path dir = Files.createTempDirectory("lcsi-bench-");
    StagePublishBenchmark bench = new StagePublishBenchmark(dir);
    try {
      bench.run(rounds);
    } finally {
      bench.cleanUp();
    }
  }

  private void run(int rounds) throws Exception {
    Path kubelet = Files.createDirectories(dir.resolve("kubelet"));
    NodeConfig config =
        NodeConfig.builder("bench-node")
            .kubeletRoot(kubelet)
            .drbd(DrbdConfig.defaults().withMode(DrbdConfig.Mode.OFF))
            .build();
    NodeService service =
        new NodeService(
            config,
            (id, node) -> Optional.empty(),
            node -> new NodeTopology.Facts(Map.of(), List.of()));
    Path socket = dir.resolve("csi.sock");
    UnixSocketServer server =
        UnixSocketServer.start(socket, List.<BindableService>of(service), List.of());
    ManagedChannel channel =
        Grpc.newChannelBuilder("unix://" + socket, InsecureChannelCredentials.create()).build();
    NodeGrpc.NodeBlockingStub node = NodeGrpc.newBlockingStub(channel);
    List<Long> viaNode = new ArrayList<>();
    List<Long> bare = new ArrayList<>();
    List<Long> teardownViaNode = new ArrayList<>();
    List<Long> teardownBare = new ArrayList<>();
    List<Long> transport = new ArrayList<>();
    try {
      for (int i = 0; i < WARMUP + rounds; i++) {
        // which side goes first alternates, so neither always follows the other's tear-down
        Round n;
        Round b;
        if (i % 2 == 0) {
          n = nodeRound(node, kubelet, i);
          b = bareRound(kubelet, i);
        } else {
          b = bareRound(kubelet, i);
          n = nodeRound(node, kubelet, i);
        }
        if (i >= WARMUP) {
          viaNode.add(n.setUp());
          bare.add(b.setUp());
          teardownViaNode.add(n.tearDown());
          teardownBare.add(b.tearDown());
          transport.add(transport(node));
        }
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.stop(Duration.ofSeconds(2));
      service.close();
    }
    report("NodeStage+NodePublish (gRPC, 1 GiB ext4)", viaNode);
    report("mkfs.ext4 + mount + mount --bind (bare)", bare);
    ratio("stage+publish", viaNode, bare, rounds);
    report("NodeUnpublish+NodeUnstage (gRPC)", teardownViaNode);
    report("umount + umount (bare)", teardownBare);
    ratio("unpublish+unstage", teardownViaNode, teardownBare, rounds);
    report("2 x NodeGetCapabilities (gRPC, no work)", transport);
  }

  /**
   * Two RPCs that do no work, as each phase makes two calls: the share of the node's time that is
   * the Unix-socket gRPC transport itself (kubelet pays it with any driver), not staging work.
   */
  private static long transport(NodeGrpc.NodeBlockingStub node) {
    long start = System.nanoTime();
    for (int i = 0; i < 2; i++) {
      node.nodeGetCapabilities(NodeGetCapabilitiesRequest.getDefaultInstance());
    }
    return System.nanoTime() - start;
  }

  /** Nanoseconds of the set-up (stage and publish) and of the tear-down of one round. */
  private record Round(long setUp, long tearDown) {}

  private static void ratio(String what, List<Long> node, List<Long> bare, int rounds) {
    // on a shared machine the minimum is the least disturbed figure, so it is reported too
    System.out.printf(
        "ratio %s node/bare: median %.2f, mean %.2f, min %.2f (%d rounds after %d warm-up)%n",
        what,
        median(node) / median(bare),
        mean(node) / mean(bare),
        (double) Collections.min(node) / Collections.min(bare),
        rounds,
        WARMUP);
    // each round's node and bare runs are neighbours in time, so their ratio and difference feel
    // the same load: the medians of those scatter less than the ratio of the medians
    List<Long> extra = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      extra.add(node.get(i) - bare.get(i));
      ratios.add((double) node.get(i) / bare.get(i));
    }
    Collections.sort(ratios);
    int n = ratios.size();
    double medianRatio =
        n % 2 == 1 ? ratios.get(n / 2) : (ratios.get(n / 2 - 1) + ratios.get(n / 2)) / 2;
    System.out.printf(
        "  per round: median ratio %.2f, median node-bare %+.1f ms%n",
        medianRatio, median(extra) / 1e6);
  }

  private Round nodeRound(NodeGrpc.NodeBlockingStub node, Path kubelet, int i) throws Exception {
    Path device = newLoop("node-" + i);
    Path staging = Files.createDirectories(kubelet.resolve("staging/node-" + i));
    Path target = Files.createDirectories(kubelet.resolve("pods/node-" + i)).resolve("vol");
    VolumeCapability cap =
        VolumeCapability.newBuilder()
            .setMount(VolumeCapability.MountVolume.newBuilder().setFsType("ext4"))
            .setAccessMode(
                VolumeCapability.AccessMode.newBuilder()
                    .setMode(VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER))
            .build();
    String id = "bench-" + i;
    NodeGrpc.NodeBlockingStub call = node.withDeadlineAfter(120, TimeUnit.SECONDS);
    long start = System.nanoTime();
    call.nodeStageVolume(
        NodeStageVolumeRequest.newBuilder()
            .setVolumeId(id)
            .putPublishContext(PublishContextKeys.DEVICE_PATH, device.toString())
            .setStagingTargetPath(staging.toString())
            .setVolumeCapability(cap)
            .build());
    call.nodePublishVolume(
        NodePublishVolumeRequest.newBuilder()
            .setVolumeId(id)
            .setStagingTargetPath(staging.toString())
            .setTargetPath(target.toString())
            .setVolumeCapability(cap)
            .build());
    long took = System.nanoTime() - start;
    start = System.nanoTime();
    call.nodeUnpublishVolume(
        NodeUnpublishVolumeRequest.newBuilder()
            .setVolumeId(id)
            .setTargetPath(target.toString())
            .build());
    call.nodeUnstageVolume(
        NodeUnstageVolumeRequest.newBuilder()
            .setVolumeId(id)
            .setStagingTargetPath(staging.toString())
            .build());
    return new Round(took, System.nanoTime() - start);
  }

  private Round bareRound(Path kubelet, int i) throws Exception {
    Path device = newLoop("bare-" + i);
    Path staging = Files.createDirectories(kubelet.resolve("staging/bare-" + i));
    Path target = Files.createDirectories(kubelet.resolve("pods/bare-" + i + "/vol"));
    long start = System.nanoTime();
    sh("mkfs.ext4", "-q", device.toString());
    sh("mount", "-t", "ext4", device.toString(), staging.toString());
    sh("mount", "--bind", staging.toString(), target.toString());
    long took = System.nanoTime() - start;
    start = System.nanoTime();
    sh("umount", target.toString());
    sh("umount", staging.toString());
    return new Round(took, System.nanoTime() - start);
  }

  private Path newLoop(String name) throws IOException {
    Path file = dir.resolve(name + ".img");
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(SIZE);
    }
    Path device = Path.of(sh("losetup", "--find", "--show", file.toString()).strip());
    loops.add(device);
    return device;
  }

  private void cleanUp() throws IOException {
    List<String> mounts =
        Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
            .map(l -> l.split(" ")[4])
            .filter(m -> m.startsWith(dir.toString() + "/"))
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList();
    for (String m : mounts) {
      quiet("umount", m);
    }
    for (Path loop : loops) {
      quiet("losetup", "-d", loop.toString());
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static String sh(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void quiet(String... command) {
    try {
      sh(command);
    } catch (IllegalStateException e) {
      System.err.println("cleanup: " + e.getMessage());
    }
  }

  private static void report(String what, List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    System.out.printf(
        "%-45s median %7.1f ms  mean %7.1f ms  min %7.1f ms  max %7.1f ms%n",
        what,
        median(nanos) / 1e6,
        mean(nanos) / 1e6,
        sorted.getFirst() / 1e6,
        sorted.getLast() / 1e6);
  }

  private static double median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }

  private static double mean(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).average().orElse(Double.NaN);
  }
}
