package io.linstorcsi.driver.demo;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.linstorcsi.common.UnixSocketServer;
import io.linstorcsi.driver.Backends;
import io.linstorcsi.driver.DriverConfig;
import io.linstorcsi.driver.DriverMetrics;
import io.linstorcsi.driver.DriverServer;
import io.linstorcsi.emulator.LinstorEmulator;
import io.linstorcsi.linstor.LinstorClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code linstor-csi demo}: the whole driver on one machine. Starts the LINSTOR emulator with three
 * nodes and a storage pool on real loop devices, serves the Controller and Node services on a Unix
 * socket, and walks a user's path from a StorageClass to a running pod's data, expansion, snapshot
 * and clone, then tears everything down.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    showDefaultValues = true,
    usageHelpWidth = 120,
    description = {
      "Walk through provisioning on LINSTOR end to end on this machine, for real:",
      "LINSTOR emulator (3 nodes, pool sp1 on loop devices) + this driver on a Unix socket,",
      "then StorageClass -> claim -> pod -> data -> expand -> snapshot -> restore/clone -> teardown.",
      "With --backup also: backup to S3 -> delete the claim -> restore the backup -> compare.",
      "Needs root (loop devices, mounts). Exit code 0 when every step worked."
    })
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--size", defaultValue = "5Gi", description = "Size of the claim.")
  String size;

  @Option(names = "--expand-to", defaultValue = "6Gi", description = "Size after expansion.")
  String expandTo;

  @Option(names = "--fs", defaultValue = "ext4", description = "File system: ext4 or xfs.")
  String fsType;

  @Option(
      names = "--pod-node",
      defaultValue = "node-b",
      description = "Node the scheduler picks for the pod (one of node-a, node-b, node-c).")
  String podNode;

  @Option(names = "--writes", defaultValue = "5", description = "Lines the app appends.")
  int writes;

  @Option(
      names = "--work-dir",
      description =
          "Where backing files, the socket and kubelet's folders go (default: a new temp dir).")
  Path workDir;

  @Option(
      names = "--keep",
      description =
          "Keep the volumes, mounts, emulator and driver running after the walkthrough until Ctrl-C,"
              + " to look around (e.g. bin/linstor-csi status --linstor-endpoint <printed URL>).")
  boolean keep;

  @Option(
      names = "--linstor-port",
      defaultValue = "0",
      description = "Port of the emulated LINSTOR controller (0: any free port).")
  int linstorPort;

  @Option(
      names = "--backup",
      description =
          "Add the backup step: a VolumeSnapshotClass of type S3, the backup shipped, the claim"
              + " deleted, the backup restored into a new claim and compared. Uses --s3-endpoint,"
              + " or an in-process S3 server when s3proxy is on the class path.")
  boolean backup;

  @Option(
      names = "--s3-endpoint",
      paramLabel = "URL",
      description =
          "S3 server for --backup (e.g. a MinIO on http://127.0.0.1:9000), path-style; keys from"
              + " env AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. The bucket must exist.")
  String s3Endpoint;

  @Option(
      names = "--s3-bucket",
      defaultValue = "linstor-csi-demo",
      description = "Bucket for --backup.")
  String s3Bucket;

  @Option(names = "--s3-region", defaultValue = "us-east-1", description = "Signing region.")
  String s3Region;

  @Option(
      names = "--verbose",
      description = "Also show the driver's and the emulator's logs (RPCs, REST requests).")
  boolean verbose;

  /** Whether s3proxy is on the class path; replaceable in tests, which always have it. */
  java.util.function.BooleanSupplier inProcessS3Available = InProcessS3::available;

  /** Where AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY come from; replaceable in tests. */
  Map<String, String> env = System.getenv();

  /** Runs once the emulator is up; tests use it to inject LINSTOR faults into a real run. */
  java.util.function.Consumer<LinstorEmulator> afterEmulatorStart = emulator -> {};

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    // The walkthrough narrates each step; logs would drown it unless asked for.
    io.linstorcsi.driver.LogSetup.apply(
        verbose ? "debug" : "warn", io.linstorcsi.driver.LogSetup.Format.TEXT);
    long sizeBytes;
    long expandedBytes;
    try {
      sizeBytes = Sizes.parse(size, "--size");
      expandedBytes = Sizes.parse(expandTo, "--expand-to");
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (expandedBytes <= sizeBytes) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--expand-to must be larger than --size");
    }
    if (!fsType.equals("ext4") && !fsType.equals("xfs")) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--fs must be ext4 or xfs, got '" + fsType + "'");
    }
    if (!List.of("node-a", "node-b", "node-c").contains(podNode)) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--pod-node must be node-a, node-b or node-c");
    }
    List<String> problems = new java.util.ArrayList<>(HostCheck.problems(fsType));
    S3Target s3 = backup && s3Endpoint != null ? s3Target() : null;
    if (backup && s3Endpoint == null && !inProcessS3Available.getAsBoolean()) {
      problems.add(
          "--backup needs an S3 server, and this build has none in-process (s3proxy brings Jetty"
              + " and the Google Cloud and Azure SDKs, so it is only on the tests' class path):"
              + " start one, e.g. podman run -d -p 9000:9000 quay.io/minio/minio server /data,"
              + " create the bucket "
              + s3Bucket
              + ", and give --s3-endpoint http://127.0.0.1:9000 with AWS_ACCESS_KEY_ID and"
              + " AWS_SECRET_ACCESS_KEY set");
    }
    if (!problems.isEmpty()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("demo: this machine cannot run the walkthrough for real:");
      problems.forEach(p -> err.println("  - " + p));
      err.println("Nothing was started. The walkthrough never fakes a step.");
      return 3;
    }

    Path dir = workDir != null ? workDir : Files.createTempDirectory("linstor-csi-demo-");
    Files.createDirectories(dir);
    Narrator say = new Narrator(out);
    out.printf("linstor-csi walkthrough in %s%n", dir);
    long start = System.nanoTime();
    try (Session session = new Session(dir, say)) {
      Runtime.getRuntime().addShutdownHook(session.hook);
      session.start();
      var walk =
          new Walkthrough(
              say,
              session.channel,
              session.linstor,
              dir.resolve("kubelet"),
              new Walkthrough.Settings(
                  podNode, sizeBytes, expandedBytes, fsType, writes, session.backupTarget(s3)));
      session.walkthrough = walk;
      boolean ok = false;
      try {
        walk.run();
        ok = true;
      } catch (io.grpc.StatusRuntimeException e) {
        spec.commandLine().getErr().println("demo: a step failed: " + e.getStatus());
      } finally {
        if (keep && ok) {
          out.printf(
              "%nKept running: LINSTOR at %s, CSI socket %s. Press Ctrl-C to tear down.%n",
              session.emulator.baseUrl(), session.socket);
          out.flush();
          Thread.currentThread().join(); // until Ctrl-C; the shutdown hook tears down
        }
        say.step(
            "teardown: unpublish, unstage, detach, delete snapshot and volumes",
            () -> {
              walk.teardown();
              return null;
            });
      }
      session.checkNothingLeft();
      return ok ? 0 : 1;
    } finally {
      say.summary(Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private S3Target s3Target() {
    String accessKey = env.get("AWS_ACCESS_KEY_ID");
    String secretKey = env.get("AWS_SECRET_ACCESS_KEY");
    if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "--s3-endpoint needs the S3 keys in env AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
    }
    if (!s3Endpoint.startsWith("http://") && !s3Endpoint.startsWith("https://")) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--s3-endpoint must be an http:// or https:// URL");
    }
    return new S3Target(s3Endpoint, s3Bucket, s3Region, accessKey, secretKey);
  }

  /** Everything the walkthrough starts, closed in reverse order, also from a shutdown hook. */
  private final class Session implements AutoCloseable {
    final Path dir;
    final Narrator say;
    final Path socket;
    final Thread hook;
    LinstorEmulator emulator;
    DriverMetrics metrics;
    Backends backends;
    UnixSocketServer server;
    ManagedChannel channel;
    LinstorClient linstor;
    volatile Walkthrough walkthrough;
    InProcessS3 inProcessS3;
    private boolean closed;

    Session(Path dir, Narrator say) {
      this.dir = dir;
      this.say = say;
      this.socket = dir.resolve("csi/csi.sock");
      this.hook = new Thread(this::closeFromHook, "demo-cleanup");
    }

    void start() throws Exception {
      emulator =
          say.step(
              "Start the LINSTOR emulator: node-a, node-b, node-c; pool sp1 on loop devices",
              () -> {
                LinstorEmulator e =
                    LinstorEmulator.builder()
                        .nodes("node-a", "node-b", "node-c")
                        // LINSTOR ships backups from thin LVM and ZFS pools only
                        .storagePool("sp1", backup ? "LVM_THIN" : "FILE_THIN", 64L << 20)
                        .backingDir(dir.resolve("backing"))
                        .port(linstorPort)
                        .build()
                        .start();
                say.say("LINSTOR REST API at %s", e.baseUrl());
                afterEmulatorStart.accept(e);
                return e;
              });
      say.step(
          "Start the driver (Controller + Node for " + podNode + ") on unix://" + socket,
          () -> {
            DriverConfig config =
                new DriverConfig(
                    socket,
                    true,
                    true,
                    podNode,
                    List.of(emulator.baseUrl()),
                    false,
                    0,
                    1,
                    null,
                    Map.of(),
                    "Aux",
                    null,
                    0,
                    dir.resolve("kubelet"),
                    Duration.ofSeconds(10),
                    false);
            metrics = new DriverMetrics();
            backends = Backends.create(config, metrics);
            server = DriverServer.start(config, metrics, backends);
            channel =
                Grpc.newChannelBuilder("unix://" + socket, InsecureChannelCredentials.create())
                    .build();
            linstor = LinstorClient.builder().endpoints(List.of(emulator.baseUrl())).build();
            return null;
          });
    }

    /**
     * The backup step's S3 server: {@code given} (from --s3-endpoint), else one started in this
     * process; null without --backup.
     */
    S3Target backupTarget(S3Target given) throws Exception {
      if (!backup || given != null) {
        return given;
      }
      inProcessS3 =
          say.step(
              "Start an in-process S3 server (s3proxy on this class path) for the backup step",
              () -> {
                InProcessS3 server = InProcessS3.start(dir.resolve("s3"), s3Bucket);
                say.say("S3 at %s", server.target());
                return server;
              });
      return inProcessS3.target();
    }

    /** After teardown, nothing of the walkthrough may remain in LINSTOR or on this machine. */
    void checkNothingLeft() throws Exception {
      say.step(
          "Check: no resources left in LINSTOR, no mounts left under " + dir,
          () -> {
            var left = linstor.resourceDefinitions().list();
            if (!left.isEmpty()) {
              throw new IllegalStateException(
                  "resource definitions left: " + left.stream().map(d -> d.name()).toList());
            }
            List<Path> mounts = Mounts.under(dir);
            if (!mounts.isEmpty()) {
              throw new IllegalStateException("mounts left: " + mounts);
            }
            say.say("clean");
            return null;
          });
    }

    private void closeFromHook() {
      Walkthrough walk = walkthrough;
      if (walk != null && walk.hasWorkToUndo()) {
        say.say("interrupted: tearing down what was created");
        walk.teardown();
      }
      close();
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // called from the hook itself
      }
      if (channel != null) {
        channel.shutdownNow();
        try {
          channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (server != null) {
        server.stop(Duration.ofSeconds(5));
      }
      if (backends != null) {
        backends.close();
      }
      if (metrics != null) {
        metrics.close();
      }
      if (linstor != null) {
        linstor.close();
      }
      // Whatever a failed step left mounted goes before the emulator detaches the loop devices.
      for (Path mount : Mounts.under(dir)) {
        Mounts.unmount(mount);
      }
      if (emulator != null) {
        emulator.close();
      }
      if (inProcessS3 != null) {
        try {
          inProcessS3.close();
        } catch (Exception e) {
          say.say("could not stop the in-process S3 server: %s", e.getMessage());
        }
      }
      if (workDir == null && !keep) {
        try {
          deleteTree(dir);
        } catch (IOException e) {
          say.say("could not remove %s: %s", dir, e.getMessage());
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
