package io.linstorcsi.emulator.state;

/**
 * A running DRBD resync towards one replica (the SyncTarget): how much it has to copy and how much
 * is done. It only moves while the target is connected to an UpToDate peer with related data.
 */
public final class Resync {
  private final long totalKib;
  private double doneKib;
  private long lastTickNanos;

  public Resync(long totalKib, long nowNanos) {
    this.totalKib = Math.max(0, totalKib);
    this.lastTickNanos = nowNanos;
  }

  public long totalKib() {
    return totalKib;
  }

  /** Progress in percent, 0 to 100, as DRBD's {@code done} figure. */
  public double percent() {
    return totalKib == 0 ? 100.0 : Math.min(100.0, doneKib * 100.0 / totalKib);
  }

  public boolean started() {
    return doneKib > 0;
  }

  public boolean finished() {
    return doneKib >= totalKib;
  }

  public void advancePercent(double points) {
    doneKib = Math.min(totalKib, doneKib + totalKib * points / 100.0);
  }

  public void advanceKib(double kib) {
    doneKib = Math.min(totalKib, doneKib + kib);
  }

  public void complete() {
    doneKib = totalKib;
  }

  /** Nanoseconds since the last call (the emulated time that passed for a timed resync). */
  public long tick(long nowNanos) {
    long elapsed = Math.max(0, nowNanos - lastTickNanos);
    lastTickNanos = nowNanos;
    return elapsed;
  }
}
