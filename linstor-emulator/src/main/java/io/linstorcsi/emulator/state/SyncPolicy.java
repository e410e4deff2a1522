package io.linstorcsi.emulator.state;

import java.util.Locale;

/**
 * How resyncs progress in the emulator. {@link Mode#INSTANT} finishes a resync as soon as its
 * target is connected to a source (the emulator's behaviour before resyncs were modelled, and still
 * the default so that tests which do not care about resyncs see UpToDate replicas at once); {@link
 * Mode#MANUAL} moves only when a test advances it; {@link Mode#TIMED} copies {@code kibPerSecond}
 * of wall-clock time, like a real resync at a fixed rate. Backup shipments use the same policy for
 * the volume bytes they move.
 */
public record SyncPolicy(Mode mode, long kibPerSecond) {
  public enum Mode {
    INSTANT,
    MANUAL,
    TIMED
  }

  public static final SyncPolicy INSTANT = new SyncPolicy(Mode.INSTANT, 0);
  public static final SyncPolicy MANUAL = new SyncPolicy(Mode.MANUAL, 0);

  public SyncPolicy {
    if (mode == null) {
      throw new IllegalArgumentException("sync mode missing");
    }
    if (mode == Mode.TIMED && kibPerSecond <= 0) {
      throw new IllegalArgumentException("a timed resync needs kib_per_second > 0");
    }
  }

  /** A resync at this rate; the recorded cluster synced 512 MiB in about 20 s. */
  public static SyncPolicy timed(long kibPerSecond) {
    return new SyncPolicy(Mode.TIMED, kibPerSecond);
  }

  /** Parses "instant", "manual" or "timed" (case-insensitive). */
  public static SyncPolicy parse(String mode, long kibPerSecond) {
    Mode m;
    try {
      m = Mode.valueOf(String.valueOf(mode).trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "mode must be instant, manual or timed, got '" + mode + "'");
    }
    return new SyncPolicy(m, kibPerSecond);
  }
}
