package io.linstorcsi.node.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's capability sets from {@code /proc/self/status}: effective ({@code CapEff}, what
 * the kernel checks) and bounding ({@code CapBnd}, the most any process started here can ever
 * hold). A capability missing from the bounding set cannot be granted by any container setting.
 */
public record Capabilities(long effective, long bounding) {
  /** linux/capability.h */
  public static final int CAP_SYS_RESOURCE = 24;

  private static final Path STATUS = Path.of("/proc/self/status");

  public static Capabilities ofThisProcess() {
    try {
      return parse(Files.readString(STATUS));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + STATUS + ": " + e, e);
    }
  }

  static Capabilities parse(String status) {
    long effective = -1;
    long bounding = -1;
    for (String line : status.lines().toList()) {
      if (line.startsWith("CapEff:")) {
        effective = Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
      } else if (line.startsWith("CapBnd:")) {
        bounding = Long.parseUnsignedLong(line.substring("CapBnd:".length()).strip(), 16);
      }
    }
    if (effective == -1 || bounding == -1) {
      throw new IllegalStateException("no CapEff/CapBnd lines in " + STATUS);
    }
    return new Capabilities(effective, bounding);
  }

  public boolean effective(int capability) {
    return (effective & (1L << capability)) != 0;
  }

  public boolean inBoundingSet(int capability) {
    return (bounding & (1L << capability)) != 0;
  }

  /** The bounding set as {@code /proc/self/status} prints it, for messages. */
  public String boundingHex() {
    return String.format("%016x", bounding);
  }
}
