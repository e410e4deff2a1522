package io.linstorcsi.emulator.backup;

import io.linstorcsi.emulator.state.SyncPolicy;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One running transfer of a snapshot (upload to S3, L2L send, or a restore download): what it
 * moves, how far it got, and the gate that paces it. A shipment ends exactly once: done, failed or
 * aborted.
 */
public final class Shipment {
  /** Upload of a local snapshot, or download into one. */
  public enum Direction {
    SEND,
    RECEIVE
  }

  /** How a shipment ended. */
  public enum Outcome {
    RUNNING,
    SUCCEEDED,
    FAILED,
    ABORTED
  }

  private final String remote;
  private final String resource;
  private final String snapshot;
  private final String node;
  private final Direction direction;
  private final boolean incremental;
  private final String basedOn;
  private final long startMillis;
  private final long totalBytes;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition moved = lock.newCondition();
  private SyncPolicy pace;
  private long allowedBytes;
  private long doneBytes;
  private long timedStartNanos = -1;
  private long failAtBytes = -1;
  private Outcome outcome = Outcome.RUNNING;
  private String failure;

  Shipment(
      String remote,
      String resource,
      String snapshot,
      String node,
      Direction direction,
      boolean incremental,
      String basedOn,
      long startMillis,
      long totalBytes,
      SyncPolicy pace) {
    this.remote = remote;
    this.resource = resource;
    this.snapshot = snapshot;
    this.node = node;
    this.direction = direction;
    this.incremental = incremental;
    this.basedOn = basedOn;
    this.startMillis = startMillis;
    this.totalBytes = totalBytes;
    this.pace = pace;
  }

  public String remote() {
    return remote;
  }

  public String resource() {
    return resource;
  }

  public String snapshot() {
    return snapshot;
  }

  public String node() {
    return node;
  }

  public Direction direction() {
    return direction;
  }

  public boolean incremental() {
    return incremental;
  }

  /** The snapshot the shipment is based on, null for a full one. */
  public String basedOn() {
    return basedOn;
  }

  public long startMillis() {
    return startMillis;
  }

  public long totalBytes() {
    return totalBytes;
  }

  public long doneBytes() {
    lock.lock();
    try {
      return doneBytes;
    } finally {
      lock.unlock();
    }
  }

  public Outcome outcome() {
    lock.lock();
    try {
      return outcome;
    } finally {
      lock.unlock();
    }
  }

  /** Why it failed or was aborted, null otherwise. */
  public String failure() {
    lock.lock();
    try {
      return failure;
    } finally {
      lock.unlock();
    }
  }

  /** Lets a manually paced shipment move {@code bytes} further. */
  void advance(long bytes) {
    lock.lock();
    try {
      allowedBytes += bytes;
      moved.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void setPace(SyncPolicy value) {
    lock.lock();
    try {
      pace = value;
      timedStartNanos = -1;
      moved.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Makes the shipment fail once it has moved this many bytes (an interruption mid-way). */
  void failAt(long bytes) {
    lock.lock();
    try {
      failAtBytes = bytes;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the pace lets the shipment move {@code bytes} more; throws {@link Stopped} when it
   * was aborted or interrupted meanwhile.
   */
  public void await(long bytes) throws Stopped {
    lock.lock();
    try {
      while (true) {
        if (outcome != Outcome.RUNNING) {
          throw new Stopped(failure);
        }
        if (failAtBytes >= 0 && doneBytes + bytes > failAtBytes) {
          throw new Stopped("the shipment was interrupted after " + doneBytes + " bytes");
        }
        long wait = waitNanos(bytes);
        if (wait <= 0) {
          doneBytes += bytes;
          return;
        }
        moved.awaitNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(200)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Stopped("interrupted");
    } finally {
      lock.unlock();
    }
  }

  private long waitNanos(long bytes) {
    return switch (pace.mode()) {
      case INSTANT -> 0;
      case MANUAL -> doneBytes + bytes <= allowedBytes ? 0 : Long.MAX_VALUE;
      case TIMED -> {
        long now = System.nanoTime();
        if (timedStartNanos < 0) {
          timedStartNanos = now;
          allowedBytes = doneBytes;
        }
        double seconds = (double) (doneBytes + bytes - allowedBytes) / (pace.kibPerSecond() * 1024);
        long due = timedStartNanos + (long) (seconds * 1e9);
        yield due - now;
      }
    };
  }

  /** Ends the shipment; false when it had already ended. */
  boolean end(Outcome value, String why) {
    lock.lock();
    try {
      if (outcome != Outcome.RUNNING) {
        return false;
      }
      outcome = value;
      failure = why;
      moved.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Thrown out of {@link #await} when the shipment must stop. */
  public static final class Stopped extends Exception {
    Stopped(String message) {
      super(message, null, false, false);
    }
  }

  @Override
  public String toString() {
    return direction + " " + resource + "/" + snapshot + " via " + remote;
  }
}
