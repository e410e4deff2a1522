package io.linstorcsi.emulator.block;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether a block device is in use the way DRBD counts it (a mount or a device-mapper holder keeps
 * it open): {@code /sys/block/X/holders} is not empty or {@code /proc/self/mountinfo} lists its
 * device number.
 */
final class DeviceUse {
  private DeviceUse() {}

  static boolean inUse(String device) {
    String name = Path.of(device).getFileName().toString();
    Path sys = Path.of("/sys/block", name);
    try {
      Path holders = sys.resolve("holders");
      if (Files.isDirectory(holders)) {
        try (var entries = Files.list(holders)) {
          if (entries.findAny().isPresent()) {
            return true;
          }
        }
      }
      Path devFile = sys.resolve("dev");
      if (!Files.exists(devFile)) {
        return false;
      }
      String majorMinor = Files.readString(devFile).trim();
      List<String> mounts = Files.readAllLines(Path.of("/proc/self/mountinfo"));
      for (String line : mounts) {
        String[] fields = line.split(" ");
        if (fields.length > 2 && fields[2].equals(majorMinor)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }
}
