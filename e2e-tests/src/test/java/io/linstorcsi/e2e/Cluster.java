package io.linstorcsi.e2e;

import csi.v1.ControllerGrpc;
import csi.v1.IdentityGrpc;
import csi.v1.NodeGrpc;
import io.linstorcsi.emulator.LinstorEmulator;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A cluster on this host: the LINSTOR emulator with a FILE_THIN pool on every node (sparse files on
 * loop devices below a temporary directory), the driver's controller process and one node plugin
 * process per node, each with its own kubelet root. Optionally the driver reaches LINSTOR through a
 * {@link LinstorLink} that tests can cut.
 */
final class Cluster implements AutoCloseable {
  static final String DRIVER_NAME = "linstor.csi.linbit.com";
  static final String POOL = "sp1";

  /** Generous, so that a slow shared CI machine does not fail a call that would succeed. */
  static final Duration CALL_DEADLINE = Duration.ofSeconds(90);

  private final Path dir;
  private final Path logs;
  private final List<String> nodes;
  private final LinstorEmulator emulator;
  private final LinstorLink link;
  private final LinstorView linstor;
  private final ControllerOptions controllerOptions;
  private PluginProcess controller;
  private final Map<String, PluginProcess> nodePlugins = new LinkedHashMap<>();

  /** Extra flags and environment of the controller process. */
  record ControllerOptions(List<String> flags, Map<String, String> env) {
    static final ControllerOptions NONE = new ControllerOptions(List.of(), Map.of());

    ControllerOptions {
      flags = List.copyOf(flags);
      env = Map.copyOf(env);
    }
  }

  private Cluster(
      Path dir,
      Path logs,
      List<String> nodes,
      LinstorEmulator emulator,
      LinstorLink link,
      ControllerOptions controllerOptions) {
    this.controllerOptions = controllerOptions;
    this.dir = dir;
    this.logs = logs;
    this.nodes = List.copyOf(nodes);
    this.emulator = emulator;
    this.link = link;
    this.linstor = new LinstorView(emulator.baseUrl());
  }

  /**
   * Starts the emulator and the driver processes (all at once: start-up dominates the run time).
   *
   * @param label names the log directory {@code target/e2e-logs/<label>}
   * @param throughLink whether the driver talks to LINSTOR through a cuttable relay
   */
  static Cluster start(String label, boolean throughLink, String... nodes) throws Exception {
    return start(label, throughLink, "FILE_THIN", ControllerOptions.NONE, nodes);
  }

  /**
   * The same with pools of {@code poolKind}: LVM_THIN where backups are shipped (LINSTOR ships from
   * LVM_THIN and ZFS pools only).
   */
  static Cluster startWithPools(String label, boolean throughLink, String poolKind, String... nodes)
      throws Exception {
    return start(label, throughLink, poolKind, ControllerOptions.NONE, nodes);
  }

  static Cluster start(
      String label,
      boolean throughLink,
      String poolKind,
      ControllerOptions controllerOptions,
      String... nodes)
      throws Exception {
    Path dir = Files.createTempDirectory("linstor-csi-e2e-");
    Path logs = Path.of("target", "e2e-logs", label).toAbsolutePath();
    Files.createDirectories(logs);
    LinstorEmulator emulator =
        LinstorEmulator.builder()
            .nodes(nodes)
            .storagePool(POOL, poolKind, 64L << 20)
            .backingDir(dir.resolve("backing"))
            .build()
            .start();
    LinstorLink link = throughLink ? new LinstorLink(emulator.baseUrl()) : null;
    Cluster cluster = new Cluster(dir, logs, List.of(nodes), emulator, link, controllerOptions);
    // own threads: the common fork-join pool is tiny on small machines and the emulator uses it
    try (ExecutorService starter = Executors.newVirtualThreadPerTaskExecutor()) {
      List<CompletableFuture<Void>> starting = new ArrayList<>();
      starting.add(CompletableFuture.runAsync(cluster::startControllerUnchecked, starter));
      for (String node : nodes) {
        starting.add(
            CompletableFuture.runAsync(() -> cluster.startNodePluginUnchecked(node), starter));
      }
      CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  Path dir() {
    return dir;
  }

  List<String> nodes() {
    return nodes;
  }

  LinstorEmulator emulator() {
    return emulator;
  }

  /** LINSTOR's state, read straight from the emulator (never through the link). */
  LinstorView linstor() {
    return linstor;
  }

  LinstorLink link() {
    if (link == null) {
      throw new IllegalStateException("this cluster was started without a LINSTOR link");
    }
    return link;
  }

  /** The LINSTOR URL the driver processes are given. */
  URI driverLinstorUrl() {
    return link != null ? link.url() : emulator.baseUrl();
  }

  Path kubeletRoot(String node) {
    return dir.resolve("kubelet-" + node);
  }

  // ------------------------------------------------------------------ stubs

  ControllerGrpc.ControllerBlockingStub controller() {
    return controller(CALL_DEADLINE);
  }

  ControllerGrpc.ControllerBlockingStub controller(Duration deadline) {
    return ControllerGrpc.newBlockingStub(controllerProcess().channel())
        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  IdentityGrpc.IdentityBlockingStub controllerIdentity() {
    return IdentityGrpc.newBlockingStub(controllerProcess().channel())
        .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  NodeGrpc.NodeBlockingStub node(String node) {
    return NodeGrpc.newBlockingStub(nodePlugin(node).channel())
        .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  // ------------------------------------------------------------------ processes

  synchronized PluginProcess controllerProcess() {
    if (controller == null) {
      throw new IllegalStateException("the controller process is not running");
    }
    return controller;
  }

  synchronized PluginProcess nodePlugin(String node) {
    PluginProcess p = nodePlugins.get(node);
    if (p == null) {
      throw new IllegalStateException("the node plugin of " + node + " is not running");
    }
    return p;
  }

  /** SIGKILL of the controller (its Deployment's pod dies); the socket file stays behind. */
  synchronized void killController() throws InterruptedException {
    controllerProcess().kill();
    controller = null;
  }

  synchronized void startController() throws IOException, InterruptedException {
    if (controller != null) {
      throw new IllegalStateException("the controller is running already");
    }
    List<String> args =
        new ArrayList<>(
            List.of("--controller", "--linstor-endpoint", driverLinstorUrl().toString()));
    args.addAll(controllerOptions.flags());
    controller =
        PluginProcess.start(
            "controller",
            dir.resolve("ctrl.sock"),
            logs.resolve("controller.log"),
            args,
            controllerOptions.env());
  }

  /** SIGKILL of a node plugin (its DaemonSet pod dies, or the node crashes). */
  synchronized void killNodePlugin(String node) throws InterruptedException {
    nodePlugin(node).kill();
    nodePlugins.remove(node);
  }

  synchronized void startNodePlugin(String node) throws IOException, InterruptedException {
    if (nodePlugins.containsKey(node)) {
      throw new IllegalStateException("the node plugin of " + node + " is running already");
    }
    Path root = kubeletRoot(node);
    Files.createDirectories(root);
    nodePlugins.put(
        node,
        PluginProcess.start(
            "node plugin " + node,
            dir.resolve(node + ".sock"),
            logs.resolve(node + ".log"),
            List.of(
                "--node-plugin",
                "--node",
                node,
                "--linstor-endpoint",
                driverLinstorUrl().toString(),
                "--kubelet-root",
                root.toString())));
  }

  private void startControllerUnchecked() {
    try {
      startController();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("controller did not start", e);
    }
  }

  private void startNodePluginUnchecked(String node) {
    try {
      startNodePlugin(node);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("node plugin " + node + " did not start", e);
    }
  }

  /** The logs of every running driver process, for failure messages. */
  synchronized String processLogs() {
    StringBuilder out = new StringBuilder();
    if (controller != null) {
      out.append(controller.logTail());
    }
    nodePlugins.values().forEach(p -> out.append(p.logTail()));
    return out.toString();
  }

  /**
   * Stops the processes and the emulator (which detaches its loop devices). The temporary directory
   * is removed only when nothing is mounted below it any more, never through a mount.
   */
  @Override
  public synchronized void close() throws IOException {
    nodePlugins.values().forEach(PluginProcess::close);
    nodePlugins.clear();
    if (controller != null) {
      controller.close();
      controller = null;
    }
    if (link != null) {
      link.close();
    }
    emulator.close();
    if (Host.mountsUnder(dir).isEmpty()) {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
