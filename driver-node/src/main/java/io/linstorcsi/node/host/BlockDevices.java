package io.linstorcsi.node.host;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.node.exec.Deadlines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Block devices, read from the device nodes and from sysfs rather than from tools, so that checking
 * a device costs no process start.
 */
public final class BlockDevices {
  private static final int S_IFMT = 0170000;
  private static final int S_IFBLK = 0060000;
  private static final Path SYS_DEV_BLOCK = Path.of("/sys/dev/block");

  private BlockDevices() {}

  /**
   * The device number behind a path, or empty when the path does not exist or is no block device (a
   * udev symlink is followed, as the kernel would).
   */
  public static Optional<DeviceNumber> numberOf(Path device) {
    try {
      int mode = (Integer) Files.getAttribute(device, "unix:mode");
      if ((mode & S_IFMT) != S_IFBLK) {
        return Optional.empty();
      }
      return Optional.of(DeviceNumber.fromDevT((Long) Files.getAttribute(device, "unix:rdev")));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new IllegalStateException("cannot stat " + device + ": " + e, e);
    }
  }

  /**
   * Waits until {@code device} is a block device. A freshly created DRBD or LVM volume shows up
   * only after udev ran, so the first stage can arrive before it; the wait backs off and ends with
   * the caller's deadline or {@code cap}, whichever comes first.
   */
  public static DeviceNumber await(Path device, Duration cap) throws InterruptedException {
    long end = System.nanoTime() + Deadlines.budget(cap).toNanos();
    long pause = 20;
    while (true) {
      Optional<DeviceNumber> number = numberOf(device);
      if (number.isPresent()) {
        return number.get();
      }
      if (System.nanoTime() >= end || Deadlines.callOver()) {
        String what = Files.exists(device) ? "is not a block device" : "did not appear";
        throw CsiError.unavailable(
            "device " + device + " " + what + " within " + cap.toSeconds() + " s; retry later",
            null);
      }
      Thread.sleep(Math.min(pause, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      pause = Math.min(pause * 2, 500);
    }
  }

  /** Size of the device in bytes, from sysfs (current after a resize or {@code losetup -c}). */
  public static long sizeBytes(DeviceNumber number) {
    String sectors = readSys(number, "size").strip();
    return Long.parseLong(sectors) * 512L;
  }

  /** The {@code /dev} node of a device number, from the kernel's own name for it. */
  public static Path devicePath(DeviceNumber number) {
    List<String> uevent = readSys(number, "uevent").lines().toList();
    for (String line : uevent) {
      if (line.startsWith("DEVNAME=")) {
        return Path.of("/dev").resolve(line.substring("DEVNAME=".length()));
      }
    }
    throw new IllegalStateException("sysfs has no DEVNAME for block device " + number);
  }

  private static String readSys(DeviceNumber number, String attribute) {
    Path file = SYS_DEV_BLOCK.resolve(number.toString()).resolve(attribute);
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e, e);
    }
  }
}
