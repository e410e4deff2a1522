package io.linstorcsi.e2e;

import csi.v1.GetPluginInfoRequest;
import csi.v1.IdentityGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.linstorcsi.driver.Main;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One driver process, started from the test class path the way a pod's container runs the driver,
 * with a gRPC channel to its Unix socket. Its output goes to a log file that failures quote.
 */
final class PluginProcess implements AutoCloseable {
  /**
   * System property naming a JVM options file (e.g. driver/jvm.options, the flags of the launcher
   * and the image) to start the driver with instead of the quick-start flags below; the soak
   * benchmark uses it to measure the production footprint.
   */
  static final String JVM_OPTIONS_FILE = "linstorcsi.e2e.driverJvmOptions";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final String name;
  private final Process process;
  private final Path socket;
  private final Path log;
  private final ManagedChannel channel;

  private PluginProcess(String name, Process process, Path socket, Path log) {
    this.name = name;
    this.process = process;
    this.socket = socket;
    this.log = log;
    this.channel =
        Grpc.newChannelBuilder("unix://" + socket, InsecureChannelCredentials.create()).build();
  }

  /**
   * Starts {@code io.linstorcsi.driver.Main} serving on {@code socket} and returns once it answers
   * GetPluginInfo there. A stale socket file of a killed predecessor may exist; the driver replaces
   * it, and only the new process can answer.
   */
  static PluginProcess start(String name, Path socket, Path log, List<String> args)
      throws IOException, InterruptedException {
    return start(name, socket, log, args, Map.of());
  }

  /** As above, with {@code env} added to the process's environment. */
  static PluginProcess start(
      String name, Path socket, Path log, List<String> args, Map<String, String> env)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String options = System.getProperty(JVM_OPTIONS_FILE);
    if (options != null) {
      command.add("@" + options);
    } else {
      // start-up time matters more than peak speed for short-lived test processes
      command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m"));
    }
    // a class data archive per process name, written at the first clean exit, reused by every
    // later start (also across runs); the JVM rebuilds it when the class path changed
    Path archive =
        log.getParent()
            .resolveSibling("cds")
            .resolve(log.getFileName().toString().replace(".log", ".jsa"));
    Files.createDirectories(archive.getParent());
    command.addAll(
        List.of(
            "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off"));
    command.add("-cp");
    command.add(driverClassPath());
    command.add(Main.class.getName());
    command.addAll(List.of("--csi-endpoint", "unix://" + socket));
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    Process process = builder.start();
    PluginProcess plugin = new PluginProcess(name, process, socket, log);
    try {
      plugin.awaitServing();
    } catch (RuntimeException | InterruptedException e) {
      plugin.kill();
      throw e;
    }
    return plugin;
  }

  /**
   * The test class path without its directories (this module's test classes): the driver needs only
   * its jars, and class data sharing accepts no non-empty directory on the class path.
   */
  private static String driverClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !Files.isDirectory(Path.of(entry)))
        .collect(Collectors.joining(File.pathSeparator));
  }

  private void awaitServing() throws InterruptedException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + logTail());
      }
      if (Files.exists(socket)) {
        // a refused attempt (the stale socket) puts the channel into back-off; retry at once
        channel.resetConnectBackoff();
        try {
          IdentityGrpc.newBlockingStub(channel)
              .withDeadlineAfter(2, TimeUnit.SECONDS)
              .getPluginInfo(GetPluginInfoRequest.getDefaultInstance());
          return;
        } catch (StatusRuntimeException e) {
          // not listening yet, or the stale socket of a killed predecessor
        }
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            name + " did not serve within " + START_TIMEOUT + logTail());
      }
      Thread.sleep(50);
    }
  }

  ManagedChannel channel() {
    return channel;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** SIGKILL, as the kernel's OOM killer or a node crash would end it; waits until it is gone. */
  void kill() throws InterruptedException {
    channel.shutdownNow();
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL");
    }
  }

  /** The last lines of the process's output, for failure messages. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return "\n--- last lines of "
          + log
          + " ---\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return " (no log: " + e + ")";
    }
  }

  /** SIGTERM and a bounded wait, as kubelet stops a container; then SIGKILL. */
  @Override
  public void close() {
    channel.shutdownNow();
    try {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          kill();
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
