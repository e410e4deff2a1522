package io.linstorcsi.drbd;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One qemu guest: 1 vCPU, 512 MiB, software emulation, the host's root shared read-only, one sparse
 * virtio disk ({@code /dev/vda} inside), a command agent and a QMP monitor, and optionally a NIC
 * ({@code eth0} inside, {@code nic0} to QMP) whose frames qemu carries over a TCP connection on
 * 127.0.0.1 to the other guest of a pair.
 */
final class QemuGuest implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(QemuGuest.class);

  static final Duration BOOT_TIMEOUT = Duration.ofSeconds(180);
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  static final long DISK_BYTES = 256L << 20;
  static final String NIC = "nic0";

  private final String name;
  private final Process process;
  private final Path console;
  private GuestAgent agent;
  private Qmp qmp;

  private QemuGuest(String name, Process process, Path console) {
    this.name = name;
    this.process = process;
    this.console = console;
  }

  /** A NIC whose qemu end listens on, or connects to, a TCP port on 127.0.0.1. */
  record Nic(boolean listen, int port, int index) {
    List<String> qemuArgs() {
      return List.of(
          "-netdev",
          "socket,id=n0," + (listen ? "listen" : "connect") + "=127.0.0.1:" + port,
          "-device",
          String.format("virtio-net-pci,netdev=n0,id=%s,mac=52:54:00:12:34:%02x", NIC, index));
    }
  }

  /** Starts qemu; the guest is usable after {@link #awaitReady()}. */
  static QemuGuest launch(GuestBoot boot, String name, Nic nic) throws IOException {
    if (!name.matches("[a-z][a-z0-9-]*") || boot.agent().toString().contains(" ")) {
      throw new IllegalArgumentException("guest name and agent path must not need quoting");
    }
    Path disk = boot.workDir().resolve(name + ".img");
    Files.deleteIfExists(disk);
    try (RandomAccessFile file = new RandomAccessFile(disk.toFile(), "rw")) {
      file.setLength(DISK_BYTES); // sparse: reads as zeros, costs no space until written
    }
    Path console = boot.workDir().resolve(name + ".console.log");
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            "qemu-system-x86_64",
            "-name",
            name,
            "-nodefaults",
            "-no-user-config",
            "-display",
            "none",
            "-no-reboot",
            // KVM is not usable on these hosts; a smaller translation cache halves qemu's RSS
            "-accel",
            "tcg,thread=multi,tb-size=256",
            "-cpu",
            "max",
            "-smp",
            "1",
            "-m",
            "512",
            "-kernel",
            boot.kernel().image().toString(),
            "-initrd",
            boot.initramfs().toString(),
            "-append",
            // no_timer_check: an emulated CPU slowed by a loaded host can miss the kernel's early
            // IO-APIC timer test, which then panics ("IO-APIC + timer doesn't work")
            "console=ttyS0 quiet loglevel=4 panic=-1 no_timer_check vmscript="
                + boot.agent()
                + " vmname="
                + name,
            "-serial",
            "stdio",
            "-virtfs",
            "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap",
            "-drive",
            "file=" + disk + ",if=virtio,format=raw,cache=unsafe,discard=unmap",
            "-chardev",
            "socket,id=ctl,path=" + agentSocket(boot, name) + ",server=on,wait=off",
            "-device",
            "virtio-serial-pci",
            "-device",
            "virtserialport,chardev=ctl,name=ctl",
            "-qmp",
            "unix:" + qmpSocket(boot, name) + ",server=on,wait=off",
            "-pidfile",
            boot.workDir().resolve(name + ".pid").toString()));
    if (nic != null) {
      command.addAll(nic.qemuArgs());
    }
    Process process =
        new ProcessBuilder(QemuReaper.tiedToThisJvm(command))
            .redirectErrorStream(true)
            .redirectOutput(console.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    QemuReaper.register(process);
    LOG.info("{}: qemu pid {}, console {}", name, process.pid(), console);
    return new QemuGuest(name, process, console);
  }

  private static Path agentSocket(GuestBoot boot, String name) {
    return boot.socketDir().resolve(name + ".ctl");
  }

  private static Path qmpSocket(GuestBoot boot, String name) {
    return boot.socketDir().resolve(name + ".qmp");
  }

  /** Waits for the monitor and then for the agent, which answers once the guest has booted. */
  QemuGuest awaitReady(GuestBoot boot) throws IOException, InterruptedException {
    long start = System.nanoTime();
    try {
      qmp = Qmp.connect(qmpSocket(boot, name), BOOT_TIMEOUT, process::isAlive);
      agent = GuestAgent.awaitReady(name, agentSocket(boot, name), BOOT_TIMEOUT, process::isAlive);
    } catch (IOException | RuntimeException e) {
      throw new IOException(name + " did not boot:\n" + consoleTail(), e);
    }
    LOG.info("{}: ready after {} ms", name, (System.nanoTime() - start) / 1_000_000);
    return this;
  }

  String name() {
    return name;
  }

  Path console() {
    return console;
  }

  boolean alive() {
    return process.isAlive();
  }

  CommandResult run(String script) {
    return run(script, DEFAULT_TIMEOUT);
  }

  CommandResult run(String script, Duration timeout) {
    return agent.run(script, timeout);
  }

  /** Runs a script that must succeed and returns its stdout. */
  String sh(String script) {
    return run(script).orThrow().stdout();
  }

  /** Connects or cuts this guest's network link (the other guest sees the carrier drop too). */
  void link(boolean up) {
    qmp.setLink(NIC, up);
  }

  Map<String, Object> describe() {
    return Map.of("name", name, "pid", process.pid(), "console", console);
  }

  String consoleTail() {
    try {
      List<String> lines = Files.readAllLines(console);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no console log: " + e + ")";
    }
  }

  /** Quits qemu at once (the guest's state is thrown away anyway) and kills it if that fails. */
  @Override
  public void close() {
    try {
      if (qmp != null && process.isAlive()) {
        qmp.execute("quit", Map.of());
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (RuntimeException e) {
      LOG.debug("{}: quit over QMP failed: {}", name, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (agent != null) {
        agent.close();
      }
      if (qmp != null) {
        qmp.close();
      }
      QemuReaper.kill(process);
    }
  }
}
