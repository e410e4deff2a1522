package io.linstorcsi.drbd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure no qemu outlives the tests: every guest process is registered here and killed by PID
 * when its test class ends, from a JVM shutdown hook when the JVM ends first, and, for a previous
 * JVM that was killed outright, through the PID files qemu writes into the work directory.
 */
final class QemuReaper {
  private static final Logger LOG = LoggerFactory.getLogger(QemuReaper.class);
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(QemuReaper::killAll, "qemu-reaper"));
  }

  private QemuReaper() {}

  /**
   * The command, run so that the kernel kills it when the thread that starts it (the test thread)
   * ends: a JVM killed outright runs no hooks. Without util-linux's setpriv it is left as is.
   */
  static List<String> tiedToThisJvm(List<String> command) {
    if (DrbdTestsGate.onPath("setpriv").isEmpty()) {
      return command;
    }
    List<String> tied = new ArrayList<>(List.of("setpriv", "--pdeathsig", "KILL", "--"));
    tied.addAll(command);
    return tied;
  }

  static void register(Process qemu) {
    RUNNING.add(qemu);
  }

  static void kill(Process qemu) {
    if (qemu.isAlive()) {
      LOG.info("killing qemu pid {}", qemu.pid());
      qemu.destroyForcibly();
      try {
        qemu.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    RUNNING.remove(qemu);
  }

  static void killAll() {
    for (Process qemu : Set.copyOf(RUNNING)) {
      kill(qemu);
    }
  }

  static int running() {
    return (int) RUNNING.stream().filter(Process::isAlive).count();
  }

  /**
   * Kills the qemu processes whose PID files lie in {@code dir}, if they still run and really are
   * our qemu (the command line names that directory): a JVM killed with SIGKILL runs no hooks.
   */
  static void killLeftovers(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> pidFiles = Files.newDirectoryStream(dir, "*.pid")) {
      for (Path pidFile : pidFiles) {
        String text = Files.readString(pidFile).strip();
        if (!text.matches("\\d+")) {
          Files.deleteIfExists(pidFile);
          continue;
        }
        long pid = Long.parseLong(text);
        Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
        if (Files.exists(cmdline)
            && new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8)
                .contains(dir.toString())) {
          LOG.warn("killing leftover qemu pid {} from {}", pid, pidFile);
          ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        Files.deleteIfExists(pidFile);
      }
    }
  }
}
