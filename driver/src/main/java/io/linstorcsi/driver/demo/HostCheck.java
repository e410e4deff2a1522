package io.linstorcsi.driver.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the walkthrough needs from this machine: root, loop devices, and the tools it runs. It never
 * fakes a step, so it refuses to start when one is missing and says what to do.
 */
final class HostCheck {
  private HostCheck() {}

  static List<String> problems(String fsType) {
    List<String> problems = new ArrayList<>();
    if (!isRoot()) {
      problems.add("not running as root: loop devices and mounts need root (run it with sudo)");
    }
    if (!Files.exists(Path.of("/dev/loop-control"))) {
      problems.add("no /dev/loop-control: this machine cannot attach loop devices (modprobe loop)");
    }
    for (String tool :
        List.of("losetup", "blkid", "mount", "umount", "mkfs." + fsType, resizeTool(fsType))) {
      if (!onPath(tool)) {
        problems.add(
            "'"
                + tool
                + "' is not installed (Debian: apt-get install e2fsprogs xfsprogs util-linux mount)");
      }
    }
    return problems;
  }

  static String resizeTool(String fsType) {
    return fsType.equals("xfs") ? "xfs_growfs" : "resize2fs";
  }

  private static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.split("\\s+")[1].equals("0");
        }
      }
    } catch (java.io.IOException e) {
      return false;
    }
    return false;
  }

  private static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    List<String> dirs = new ArrayList<>(List.of(path.split(":")));
    dirs.addAll(List.of("/usr/sbin", "/sbin")); // root's tools even when PATH is a user's
    return dirs.stream().anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
  }
}
