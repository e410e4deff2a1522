package io.linstorcsi.driver.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The mounts below a folder, from /proc/self/mountinfo, for the walkthrough's cleanup. */
final class Mounts {
  private Mounts() {}

  /** Mount points at or below {@code dir}, deepest first (the order to unmount them in). */
  static List<Path> under(Path dir) {
    List<Path> found = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String[] fields = line.split(" ");
        if (fields.length > 4) {
          Path mountPoint = Path.of(unescape(fields[4]));
          if (mountPoint.startsWith(dir)) {
            found.add(mountPoint);
          }
        }
      }
    } catch (IOException e) {
      return List.of();
    }
    found.sort(Comparator.comparingInt(Path::getNameCount).reversed());
    return found;
  }

  static void unmount(Path mountPoint) {
    try {
      Process p =
          new ProcessBuilder("umount", mountPoint.toString()).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (IOException e) {
      // best effort during cleanup; the check after teardown reports what is left
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** mountinfo escapes space, tab, newline and backslash as octal. */
  static String unescape(String field) {
    return field
        .replace("\\040", " ")
        .replace("\\011", "\t")
        .replace("\\012", "\n")
        .replace("\\134", "\\");
  }
}
