package io.linstorcsi.node.drbd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Which DRBD the kernel runs, from the first line of {@code /proc/drbd}. */
final class KernelDrbd {
  private static final Path PROC = Path.of("/proc/drbd");

  private KernelDrbd() {}

  /** True for DRBD 8.x (no auto-promote, connections destroyed when StandAlone). */
  static boolean isLegacy() {
    try {
      return isLegacy(Files.readString(PROC));
    } catch (IOException e) {
      return false; // no module loaded (yet): assume DRBD 9, as production runs
    }
  }

  static boolean isLegacy(String procDrbd) {
    return procDrbd.startsWith("version: 8.");
  }
}
