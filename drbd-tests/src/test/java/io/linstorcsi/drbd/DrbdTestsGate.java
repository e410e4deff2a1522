package io.linstorcsi.drbd;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Decides whether the DRBD tests run. They boot qemu guests for a minute or more, so they run only
 * when {@code DRBD_TESTS=1} (bin/test sets it after bin/drbd-test-setup). Then anything missing is
 * a failure, not a skip: CI must not turn green because the machine lost qemu or the kernel.
 */
final class DrbdTestsGate {
  static final String ENABLE = "DRBD_TESTS";
  static final String OFF =
      "DRBD tests are off: they boot qemu guests with Debian's kernel. Run bin/drbd-test-setup (as"
          + " root) and set "
          + ENABLE
          + "=1 to run them.";

  private DrbdTestsGate() {}

  /** Returns the kernel to boot, aborts the test class (skip), or fails it. */
  static GuestKernel check() {
    if (!enabled()) {
      Assumptions.abort(OFF);
    }
    List<String> missing = missing();
    if (!missing.isEmpty()) {
      throw new AssertionError(
          ENABLE
              + "=1 but the DRBD tests cannot run: "
              + String.join("; ", missing)
              + ". Run bin/drbd-test-setup as root.");
    }
    return GuestKernel.find().orElseThrow();
  }

  static boolean enabled() {
    return "1".equals(System.getenv(ENABLE));
  }

  static List<String> missing() {
    List<String> missing = new ArrayList<>();
    if (onPath("qemu-system-x86_64").isEmpty()) {
      missing.add("qemu-system-x86_64 is not on PATH (package qemu-system-x86)");
    }
    Optional<GuestKernel> kernel = GuestKernel.find();
    if (kernel.isEmpty()) {
      missing.add(
          "no /boot/vmlinuz-<version> whose /lib/modules/<version> has drbd.ko (package"
              + " linux-image-amd64)");
    } else if (!Files.isReadable(kernel.get().image())) {
      missing.add(kernel.get().image() + " is not readable (run as root)");
    }
    if (!Files.isExecutable(GuestInitramfs.BUSYBOX)) {
      missing.add(GuestInitramfs.BUSYBOX + " is missing (package busybox-static)");
    }
    for (String tool : List.of("drbdadm", "drbdsetup", "mkfs.ext4", "modprobe", "ip")) {
      if (onPath(tool).isEmpty()) {
        missing.add(tool + " is not installed (the guests run the host's copy)");
      }
    }
    return missing;
  }

  static Optional<Path> onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return Optional.of(Path.of(dir, program));
      }
    }
    return Optional.empty();
  }
}
