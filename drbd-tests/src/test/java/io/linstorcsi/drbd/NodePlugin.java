package io.linstorcsi.drbd;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packaged driver running as the CSI node plugin inside a guest, started the way the node
 * DaemonSet starts it, and {@link CsiNodeCli} run next to it to call it over its Unix socket.
 */
final class NodePlugin {
  static final String DIR = "/run/csi";
  static final String SOCKET = DIR + "/csi.sock";
  static final String DRIVER_LOG = DIR + "/driver.log";
  private static final Logger LOG = LoggerFactory.getLogger(NodePlugin.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(240);

  private final QemuGuest guest;
  private final GuestJava java;
  private long launched;
  private boolean serving;

  NodePlugin(QemuGuest guest, GuestJava java) {
    this.guest = guest;
    this.java = java;
  }

  /**
   * Starts the driver unless it runs already, without waiting for it: the JVM needs many seconds
   * under emulation, which the caller can spend setting up DRBD. The first {@link #call} waits.
   */
  void start() {
    launched = System.nanoTime();
    serving = false;
    String driver = GuestJava.shell(java.driverCommand(guest.name(), SOCKET));
    guest.sh(
        """
        mkdir -p %1$s
        if [ -f %1$s/driver.pid ] && kill -0 "$(cat %1$s/driver.pid)" 2>/dev/null; then exit 0; fi
        rm -f %2$s
        setsid %3$s >%4$s 2>&1 </dev/null &
        echo $! >%1$s/driver.pid
        """
            .formatted(DIR, SOCKET, driver, DRIVER_LOG));
  }

  /** Waits until the driver listens on its socket; fails with its log if it exited. */
  void awaitServing() {
    if (serving) {
      return;
    }
    guest
        .run(
            """
            pid=$(cat %1$s/driver.pid)
            for i in $(seq 1 1100); do
              [ -S %2$s ] && exit 0
              kill -0 $pid 2>/dev/null || { echo "driver exited"; cat %3$s; exit 1; }
              sleep 0.1
            done
            echo "no socket after 110 s"; tail -n 50 %3$s; exit 1
            """
                .formatted(DIR, SOCKET, DRIVER_LOG),
            START_TIMEOUT)
        .orThrow();
    serving = true;
    LOG.info(
        "{}: driver serving {} ms after launch",
        guest.name(),
        (System.nanoTime() - launched) / 1_000_000);
  }

  String name() {
    return guest.name();
  }

  boolean running() {
    return guest
        .run("kill -0 \"$(cat %s/driver.pid 2>/dev/null)\" 2>/dev/null".formatted(DIR))
        .ok();
  }

  String log() {
    return guest.run("cat " + DRIVER_LOG).stdout();
  }

  /** Makes the calls in order (stopping at the first failure) in one client run. */
  CsiReply call(CsiCall... calls) {
    awaitServing();
    List<String> args = new ArrayList<>();
    for (CsiCall call : calls) {
      args.addAll(call.argv());
    }
    List<String> command = java.clientCommand(SOCKET, args);
    long start = System.nanoTime();
    CommandResult result = guest.run(GuestJava.shell(command), CALL_TIMEOUT);
    LOG.info(
        "{}: {} took {} ms",
        guest.name(),
        Arrays.stream(calls).map(CsiCall::name).toList(),
        (System.nanoTime() - start) / 1_000_000);
    if (!result.ok()) {
      throw new AssertionError("CSI client failed in " + guest.name() + ": " + result.describe());
    }
    String line = result.stdout().strip();
    line = line.substring(line.lastIndexOf('\n') + 1);
    try {
      return JSON.readValue(line, CsiReply.class);
    } catch (IOException e) {
      throw new UncheckedIOException("CSI client printed no JSON: " + result.describe(), e);
    }
  }
}
