package io.linstorcsi.drbd;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Boots one guest, or a pair linked by a network cable that QMP can pull, once per test class, and
 * powers them off after it. Register it as a static field:
 *
 * <pre>
 * {@code @RegisterExtension static final DrbdGuests guests = DrbdGuests.pair("alpha", "beta");}
 * </pre>
 *
 * <p>Inside, each guest's loopback keeps only 127.0.0.1/32 and a pair talks over {@code eth0} with
 * 127.1.0.N/24: loopback-range addresses keep all test traffic on this machine, and the usual
 * 127.0.0.0/8 local route would swallow them. When a test fails, the guests' DRBD state, kernel log
 * and driver log are saved next to the console logs before anything is cleaned up.
 */
final class DrbdGuests
    implements ExecutionCondition, BeforeAllCallback, AfterAllCallback, AfterTestExecutionCallback {
  private static final Logger LOG = LoggerFactory.getLogger(DrbdGuests.class);

  /** Two guests of 512 MiB and a busy vCPU each are what a 2-core CI machine can carry. */
  static final int MAX_RUNNING = 2;

  private final List<String> names;
  private final Map<String, QemuGuest> guests = new LinkedHashMap<>();
  private Path workDir;
  private Path socketDir;
  private GuestJava java;

  private DrbdGuests(List<String> names) {
    this.names = List.copyOf(names);
  }

  static DrbdGuests single(String name) {
    return new DrbdGuests(List.of(name));
  }

  static DrbdGuests pair(String first, String second) {
    return new DrbdGuests(List.of(first, second));
  }

  QemuGuest guest(String name) {
    QemuGuest guest = guests.get(name);
    if (guest == null) {
      throw new IllegalArgumentException("no guest " + name + " (have " + guests.keySet() + ")");
    }
    return guest;
  }

  /** The guest's DRBD replication address: 127.1.0.N on eth0, or 127.0.0.1 for a single guest. */
  String address(String name) {
    return names.size() == 1 ? "127.0.0.1" : "127.1.0." + (names.indexOf(name) + 1);
  }

  Path workDir() {
    return workDir;
  }

  /** The driver running as the node plugin in a guest (not started yet). */
  NodePlugin nodePlugin(String name) {
    return new NodePlugin(guest(name), java);
  }

  /** Skips each test, with the reason in the report, unless the DRBD tests are switched on. */
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return DrbdTestsGate.enabled()
        ? ConditionEvaluationResult.enabled(DrbdTestsGate.ENABLE + "=1")
        : ConditionEvaluationResult.disabled(DrbdTestsGate.OFF);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    GuestKernel kernel = DrbdTestsGate.check();
    workDir = Path.of("target", "drbdvm", context.getRequiredTestClass().getSimpleName());
    workDir = workDir.toAbsolutePath();
    Files.createDirectories(workDir);
    QemuReaper.killLeftovers(workDir);
    if (QemuReaper.running() + names.size() > MAX_RUNNING) {
      throw new IllegalStateException("at most " + MAX_RUNNING + " guests may run at once");
    }
    socketDir = Files.createTempDirectory("drbdvm-");
    GuestBoot boot =
        new GuestBoot(
            kernel,
            GuestInitramfs.build(kernel, workDir.getParent()),
            agentScript(),
            workDir,
            socketDir);
    LOG.info("booting {} with kernel {}", names, kernel.version());
    try {
      launch(boot);
      // host work while the guests boot
      java = GuestJava.prepare(workDir.getParent().resolve("java"));
      for (QemuGuest guest : guests.values()) {
        guest.awaitReady(boot);
        configureNetwork(guest);
      }
    } catch (Exception | Error e) {
      closeAll();
      throw e;
    }
  }

  private void launch(GuestBoot boot) throws IOException, InterruptedException {
    if (names.size() == 1) {
      guests.put(names.get(0), QemuGuest.launch(boot, names.get(0), null));
      return;
    }
    int port = freePort();
    guests.put(
        names.get(0), QemuGuest.launch(boot, names.get(0), new QemuGuest.Nic(true, port, 1)));
    // The second qemu connects once at start and gives up if nobody listens yet.
    awaitListening(port, guests.get(names.get(0)));
    guests.put(
        names.get(1), QemuGuest.launch(boot, names.get(1), new QemuGuest.Nic(false, port, 2)));
  }

  private void configureNetwork(QemuGuest guest) {
    StringBuilder script =
        new StringBuilder(
            """
            set -e
            ip link set lo up
            ip addr del 127.0.0.1/8 dev lo
            ip addr add 127.0.0.1/32 dev lo
            """);
    if (names.size() > 1) {
      script.append(
          """
          sysctl -qw net.ipv4.conf.all.route_localnet=1 net.ipv4.conf.default.route_localnet=1
          ip link set eth0 up
          ip addr add %s/24 dev eth0
          sysctl -qw net.ipv4.conf.eth0.route_localnet=1
          """
              .formatted(address(guest.name())));
    }
    guest.sh(script.toString());
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    if (context.getExecutionException().isEmpty()) {
      return;
    }
    for (QemuGuest guest : guests.values()) {
      Path file =
          workDir.resolve(context.getRequiredTestMethod().getName() + "." + guest.name() + ".txt");
      try {
        Files.writeString(file, diagnostics(guest));
        LOG.error("{}: guest state after the failure saved to {}", guest.name(), file);
      } catch (IOException | RuntimeException e) {
        LOG.error("{}: could not save diagnostics: {}", guest.name(), e.toString());
      }
    }
  }

  private static String diagnostics(QemuGuest guest) {
    if (!guest.alive()) {
      return "qemu is not running; console:\n" + guest.consoleTail();
    }
    CommandResult result =
        guest.run(
            """
            for c in 'cat /proc/drbd' 'drbdadm status' 'drbdsetup events2 --now --statistics all' \\
                "grep -E 'drbd|kubelet' /proc/mounts" 'dmesg | tail -n 80' \\
                'tail -n 200 /run/csi/driver.log'; do
              echo "### $c"; bash -c "$c" 2>&1
            done
            """,
            Duration.ofSeconds(30));
    return result.stdout() + result.stderr();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    closeAll();
  }

  private void closeAll() throws IOException {
    for (QemuGuest guest : guests.values()) {
      guest.close();
    }
    guests.clear();
    if (socketDir != null) {
      try (Stream<Path> files = Files.walk(socketDir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static Path agentScript() throws URISyntaxException {
    var url = DrbdGuests.class.getClassLoader().getResource("drbdvm/agent.sh");
    if (url == null || !url.getProtocol().equals("file")) {
      throw new IllegalStateException("drbdvm/agent.sh must be a file on the test class path");
    }
    return Path.of(url.toURI());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Watches /proc/net/tcp (connecting to test it would take the one connection qemu accepts). */
  private static void awaitListening(int port, QemuGuest guest)
      throws IOException, InterruptedException {
    String local = String.format(Locale.ROOT, "0100007F:%04X", port);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline) && guest.alive()) {
      for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
        String[] f = line.strip().split("\\s+");
        if (f.length > 3 && f[1].equals(local) && f[3].equals("0A")) {
          return;
        }
      }
      Thread.sleep(20);
    }
    throw new IOException(guest.name() + " never listened on 127.0.0.1:" + port);
  }

  List<QemuGuest> all() {
    return new ArrayList<>(guests.values());
  }
}
