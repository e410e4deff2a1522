package io.linstorcsi.emulator.backup;

import java.util.Locale;

/**
 * How fast shipments move their bytes, like the DRBD {@code SyncPolicy}: {@link Mode#INSTANT} as
 * fast as the S3 server takes them, {@link Mode#MANUAL} only as far as a test advances them, {@link
 * Mode#TIMED} at {@code kibPerSecond} of wall-clock time. Progress counts the volume bytes read.
 */
public record Pace(Mode mode, long kibPerSecond) {
  public enum Mode {
    INSTANT,
    MANUAL,
    TIMED
  }

  public static final Pace INSTANT = new Pace(Mode.INSTANT, 0);
  public static final Pace MANUAL = new Pace(Mode.MANUAL, 0);

  public Pace {
    if (mode == null) {
      throw new IllegalArgumentException("pace mode missing");
    }
    if (mode == Mode.TIMED && kibPerSecond <= 0) {
      throw new IllegalArgumentException("a timed pace needs kib_per_second > 0");
    }
  }

  public static Pace timed(long kibPerSecond) {
    return new Pace(Mode.TIMED, kibPerSecond);
  }

  public static Pace parse(String mode, long kibPerSecond) {
    Mode m;
    try {
      m = Mode.valueOf(String.valueOf(mode).trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "mode must be instant, manual or timed, got '" + mode + "'");
    }
    return new Pace(m, kibPerSecond);
  }
}
