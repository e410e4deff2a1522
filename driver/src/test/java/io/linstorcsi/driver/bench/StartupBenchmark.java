package io.linstorcsi.driver.bench;

import csi.v1.IdentityGrpc;
import csi.v1.ProbeRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Start-up benchmark (not a test): time from process start to the first successful Probe over the
 * socket, and resident memory after the process has idled, next to a bare {@code java -version} on
 * the same JDK. Run it with {@code bin/bench-startup [runs]}; it prints one table.
 *
 * <p>Arguments: runs, driver jar, then the JVM flags to compare as one string per variant.
 */
public final class StartupBenchmark {
  private StartupBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = Integer.parseInt(args[0]);
    Path jar = Path.of(args[1]);
    List<String> variants = Arrays.asList(args).subList(2, args.length);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    System.out.printf("JDK %s, %d runs each%n", Runtime.version(), runs);
    System.out.printf("%-78s %12s %12s%n", "variant", "median ms", "idle RSS MiB");
    for (String flags : variants) {
      List<String> base = new ArrayList<>(List.of(java));
      base.addAll(splitFlags(flags));
      long[] versionMs = new long[runs];
      for (int i = 0; i < runs; i++) {
        List<String> cmd = new ArrayList<>(base);
        cmd.add("-version");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor();
        versionMs[i] = (System.nanoTime() - start) / 1_000_000;
      }
      System.out.printf("%-78s %12d %12s%n", "java -version " + flags, median(versionMs), "-");

      long[] probeMs = new long[runs];
      long[] rssKib = new long[runs];
      for (int i = 0; i < runs; i++) {
        long[] result = probeOnce(base, jar);
        probeMs[i] = result[0];
        rssKib[i] = result[1];
      }
      System.out.printf(
          "%-78s %12d %12.1f%n",
          "driver start -> first Probe OK " + flags, median(probeMs), median(rssKib) / 1024.0);
    }
  }

  private static long[] probeOnce(List<String> base, Path jar) throws Exception {
    Path dir = Files.createTempDirectory("startup-bench");
    Path socket = dir.resolve("csi.sock");
    List<String> cmd = new ArrayList<>(base);
    cmd.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "--csi-endpoint",
            "unix://" + socket,
            "--node-plugin",
            "--node",
            "bench",
            "--linstor-endpoint",
            "http://127.0.0.1:1",
            "--log-level",
            "warn"));
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("log").toFile())
            .start();
    long elapsedMs;
    ManagedChannel channel = null;
    try {
      while (!Files.exists(socket)) {
        if (!p.isAlive()) {
          throw new IllegalStateException(Files.readString(dir.resolve("log")));
        }
        Thread.onSpinWait();
      }
      channel =
          Grpc.newChannelBuilder("unix://" + socket, InsecureChannelCredentials.create()).build();
      IdentityGrpc.newBlockingStub(channel)
          .withWaitForReady()
          .withDeadlineAfter(30, TimeUnit.SECONDS)
          .probe(ProbeRequest.getDefaultInstance());
      elapsedMs = (System.nanoTime() - start) / 1_000_000;
      Thread.sleep(2_000); // let start-up garbage settle before reading the idle footprint
      long rss = rssKib(p.pid());
      return new long[] {elapsedMs, rss};
    } finally {
      if (channel != null) {
        channel.shutdownNow();
      }
      p.destroy();
      p.waitFor(20, TimeUnit.SECONDS);
      deleteTree(dir);
    }
  }

  private static long rssKib(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return -1;
  }

  private static List<String> splitFlags(String flags) {
    return flags.isBlank() ? List.of() : Arrays.asList(flags.trim().split("\\s+"));
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
