package io.linstorcsi.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Soak benchmark (not a test): a cluster on this host (LINSTOR emulator, FILE_THIN pools on loop
 * devices, the driver's controller and node plugin processes as {@link Cluster} starts them) runs
 * create, stage and publish, unpublish and unstage, delete, over and over, and after every 100
 * cycles prints each driver process's resident memory, its heap after a full collection, threads,
 * open file descriptors and child processes, and the mounts and loop devices left on the host. A
 * leak shows as a column that grows. Needs root (loop devices, mounts).
 *
 * <p>Run it with {@code bin/bench-soak [cycles]}.
 *
 * <p>Arguments: cycles (default 1000); optionally a JVM options file for the driver processes (the
 * launcher's and image's {@code driver/jvm.options}, so that the figures are those of the chart's
 * defaults).
 */
public final class SoakBenchmark {
  private static final int REPORT_EVERY = 100;
  private static final long MIB = 1L << 20;

  private SoakBenchmark() {}

  public static void main(String[] args) throws Exception {
    int cycles = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    if (args.length > 1) {
      System.setProperty(
          PluginProcess.JVM_OPTIONS_FILE, Path.of(args[1]).toAbsolutePath().toString());
    }
    Cluster cluster = Cluster.start("SoakBenchmark", false, "node-a", "node-b");
    // stopped early (Ctrl-C, SIGTERM) or done: the processes, loop devices and files go either way
    AtomicBoolean closed = new AtomicBoolean();
    Runnable close =
        () -> {
          if (closed.compareAndSet(false, true)) {
            try {
              cluster.close();
            } catch (IOException e) {
              System.err.println("clean-up failed: " + e);
            }
          }
        };
    Runtime.getRuntime().addShutdownHook(new Thread(close));
    try {
      Kubernetes k8s = new Kubernetes(cluster);
      System.out.printf(
          "%6s %-11s %8s %9s %8s %5s %5s %8s | %6s %5s %8s%n",
          "cycles",
          "process",
          "RSS MiB",
          "heap MiB",
          "threads",
          "fds",
          "kids",
          "s/cycle",
          "mounts",
          "loops",
          "volumes");
      report(cluster, 0, 0);
      long start = System.nanoTime();
      for (int i = 1; i <= cycles; i++) {
        Pv pv =
            k8s.provisioner()
                .provision(
                    StorageClass.twoReplicas("ext4"),
                    Claim.filesystem(16 * MIB).scheduledOn("node-a"));
        Published pod = k8s.startPod(pv, "node-a");
        k8s.stopPod(pod);
        k8s.provisioner().delete(pv);
        if (i % REPORT_EVERY == 0 || i == cycles) {
          double perCycle = (System.nanoTime() - start) / 1e9 / i;
          report(cluster, i, perCycle);
        }
      }
      List<String> pending = k8s.undo().pending();
      if (!pending.isEmpty()) {
        System.out.println("not taken down: " + pending);
      }
    } finally {
      close.run();
    }
  }

  private static void report(Cluster cluster, int cycles, double perCycle) throws Exception {
    int mounts = Host.mountsUnder(cluster.dir()).size();
    long loops = loopDevicesOn(cluster.dir());
    int volumes = cluster.linstor().resourceDefinitions().size();
    line(cycles, "controller", cluster.controllerProcess().pid(), perCycle, mounts, loops, volumes);
    line(cycles, "node-a", cluster.nodePlugin("node-a").pid(), perCycle, mounts, loops, volumes);
  }

  private static void line(
      int cycles, String name, long pid, double perCycle, int mounts, long loops, int volumes)
      throws Exception {
    double heap = heapAfterFullGcMib(pid);
    System.out.printf(
        "%6d %-11s %8.1f %9.1f %8d %5d %5d %8.2f | %6d %5d %8d%n",
        cycles,
        name,
        status(pid, "VmRSS") / 1024.0,
        heap,
        status(pid, "Threads"),
        openFds(pid),
        ProcessHandle.of(pid).map(h -> h.descendants().count()).orElse(-1L),
        perCycle,
        mounts,
        loops,
        volumes);
  }

  private static long status(long pid, String key) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith(key + ":")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return -1;
  }

  private static long openFds(long pid) throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return fds.count();
    }
  }

  /** Heap in use after a full collection (jcmd GC.run, then GC.heap_info), in MiB. */
  private static double heapAfterFullGcMib(long pid) throws Exception {
    jcmd(pid, "GC.run");
    long usedKib = 0;
    for (String line : jcmd(pid, "GC.heap_info").split("\n")) {
      // Serial GC: " DefNew  total 4800K, used 1234K [...]" and " Tenured total ..., used 5678K";
      // the Metaspace lines that follow are not heap
      String trimmed = line.strip();
      if ((trimmed.startsWith("DefNew") || trimmed.startsWith("Tenured"))
          && line.contains("used ")) {
        String used = line.substring(line.indexOf("used ") + 5);
        usedKib += Long.parseLong(used.substring(0, used.indexOf('K')));
      }
    }
    return usedKib / 1024.0;
  }

  private static String jcmd(long pid, String command) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  /** Loop devices whose backing file lies below the cluster's directory. */
  private static long loopDevicesOn(Path dir) throws IOException {
    long count = 0;
    Path block = Path.of("/sys/block");
    try (Stream<Path> devices = Files.list(block)) {
      for (Path device :
          devices.filter(d -> d.getFileName().toString().startsWith("loop")).toList()) {
        Path backing = device.resolve("loop/backing_file");
        if (Files.isReadable(backing)
            && Files.readString(backing).strip().startsWith(dir.toString())) {
          count++;
        }
      }
    }
    return count;
  }
}
