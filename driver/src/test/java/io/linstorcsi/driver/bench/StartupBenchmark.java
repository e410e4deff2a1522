package io.linstorcsi.driver.bench;

import csi.v1.IdentityGrpc;
import csi.v1.ProbeRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Start-up benchmark (not a test): time from process start to the first successful Probe over the
 * socket, and resident memory after the process has idled, for each role and each way of launching
 * the driver, next to the bare operation of the same launch path ({@code java -version}). Ratios,
 * not absolute times, are what compare across machines.
 *
 * <p>Runs as a source-file program so that it needs no Maven at run time: {@code bin/bench-startup
 * [runs]} starts it with the application's {@code lib/} on the class path.
 *
 * <p>Arguments: runs, LINSTOR URL, then one or more {@code label|bare command|driver command}
 * triples, each command a {@code \u001f}-separated word list. The driver command gets the role's
 * flags appended; {@code {dir}} in a word is replaced by a fresh directory the socket is put in.
 */
public final class StartupBenchmark {
  private static final long IDLE_MS = 5_000;

  private StartupBenchmark() {}

  record LaunchPath(String label, List<String> bare, List<String> driver) {}

  record Result(long bareMedianMs, long medianMs, long medianRssKib) {}

  public static void main(String[] args) throws Exception {
    // the gRPC client here logs through logback, which defaults to DEBUG without a configuration
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    int runs = Integer.parseInt(args[0]);
    String linstor = args[1];
    List<LaunchPath> paths = new ArrayList<>();
    for (String spec : Arrays.asList(args).subList(2, args.length)) {
      String[] parts = spec.split("\\|", -1);
      paths.add(new LaunchPath(parts[0], words(parts[1]), words(parts[2])));
    }
    Map<String, List<String>> roles = new LinkedHashMap<>();
    roles.put("controller", List.of("--controller", "--linstor-endpoint", linstor));
    roles.put(
        "node plugin", List.of("--node-plugin", "--node", "node-a", "--linstor-endpoint", linstor));

    System.out.printf(
        "JDK %s, %d runs each (median), idle RSS %d s after the first Probe%n",
        Runtime.version(), runs, IDLE_MS / 1000);
    System.out.printf(
        "%-30s %-12s %12s %12s %8s %12s%n",
        "launch path", "role", "bare ms", "Probe ms", "ratio", "idle RSS MiB");
    for (LaunchPath path : paths) {
      for (Map.Entry<String, List<String>> role : roles.entrySet()) {
        Result r = probeRuns(path, role.getValue(), runs);
        System.out.printf(
            "%-30s %-12s %12d %12d %8.1f %12.1f%n",
            path.label(),
            role.getKey(),
            r.bareMedianMs(),
            r.medianMs(),
            (double) r.medianMs() / Math.max(1, r.bareMedianMs()),
            r.medianRssKib() / 1024.0);
      }
    }
  }

  private static List<String> words(String command) {
    return command.isBlank() ? List.of() : Arrays.asList(command.split("\u001f"));
  }

  /** One run of the bare operation of the launch path, in ms. */
  private static long bareOnce(List<String> command) throws Exception {
    long start = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("bare command failed: " + command);
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  /**
   * Each driver start right after a bare run of the same path, so that both see the same load on a
   * shared machine; medians of each.
   */
  private static Result probeRuns(LaunchPath path, List<String> roleArgs, int runs)
      throws Exception {
    long[] bare = new long[runs];
    long[] ms = new long[runs];
    long[] rss = new long[runs];
    for (int i = 0; i < runs; i++) {
      bare[i] = bareOnce(path.bare());
      long[] one = probeOnce(path.driver(), roleArgs);
      ms[i] = one[0];
      rss[i] = one[1];
    }
    return new Result(median(bare), median(ms), median(rss));
  }

  /** One start: spawn, poll the socket, first Probe that answers, idle, read VmRSS, SIGTERM. */
  private static long[] probeOnce(List<String> driver, List<String> roleArgs) throws Exception {
    Path dir = Files.createTempDirectory("startup-bench");
    Path socket = dir.resolve("csi.sock");
    List<String> cmd = new ArrayList<>();
    for (String word : driver) {
      cmd.add(word.replace("{dir}", dir.toString()));
    }
    cmd.addAll(List.of("--csi-endpoint", "unix://" + socket, "--kubelet-root", dir.toString()));
    cmd.addAll(roleArgs);
    cmd.addAll(List.of("--log-level", "warn"));
    Path log = dir.resolve("log");
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ManagedChannel channel = null;
    try {
      while (!Files.exists(socket)) {
        if (!p.isAlive()) {
          throw new IllegalStateException(cmd + " exited:\n" + Files.readString(log));
        }
        Thread.sleep(1);
      }
      channel =
          Grpc.newChannelBuilder("unix://" + socket, InsecureChannelCredentials.create()).build();
      while (true) {
        try {
          IdentityGrpc.newBlockingStub(channel)
              .withDeadlineAfter(30, TimeUnit.SECONDS)
              .probe(ProbeRequest.getDefaultInstance());
          break;
        } catch (StatusRuntimeException bindingNotDone) {
          channel.resetConnectBackoff();
          Thread.sleep(1);
        }
      }
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;
      Thread.sleep(IDLE_MS);
      return new long[] {elapsedMs, rssKib(servingPid(p, socket))};
    } finally {
      if (channel != null) {
        channel.shutdownNow();
      }
      p.destroy();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      deleteTree(dir);
    }
  }

  /**
   * The JVM that serves: the java process whose arguments name this run's socket. It may be the
   * process started here, one a launcher replaced itself with, or one in a container that the
   * container engine started (not a descendant of the engine's client).
   */
  private static long servingPid(Process p, Path socket) {
    return ProcessHandle.allProcesses()
        .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false))
        .filter(
            h ->
                h.info()
                    .arguments()
                    .map(a -> String.join(" ", a).contains(socket.toString()))
                    .orElse(false))
        .map(ProcessHandle::pid)
        .findFirst()
        .orElse(p.pid());
  }

  private static long rssKib(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return -1;
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
