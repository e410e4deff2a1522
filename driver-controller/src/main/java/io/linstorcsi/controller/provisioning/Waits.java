package io.linstorcsi.controller.provisioning;

import io.grpc.Context;
import io.grpc.Deadline;
import io.linstorcsi.common.CsiError;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Polling that honours the caller's gRPC deadline and cancellation and backs off between attempts,
 * so a wait never outlives the request that asked for it.
 */
public final class Waits {
  private static final Duration FIRST = Duration.ofMillis(50);
  private static final Duration MAX = Duration.ofSeconds(2);

  private final Duration fallback;

  public Waits(Duration fallback) {
    this.fallback = fallback;
  }

  /** Time left for this call: the gRPC deadline, or the configured fallback without one. */
  public Duration remaining() {
    Deadline deadline = Context.current().getDeadline();
    if (deadline == null) {
      return fallback;
    }
    return Duration.ofNanos(Math.max(0, deadline.timeRemaining(TimeUnit.NANOSECONDS)));
  }

  /**
   * Polls {@code done} until it holds. DEADLINE_EXCEEDED when the deadline passes first, CANCELLED
   * (via the interrupt) when the caller gave up.
   */
  public void until(String what, BooleanSupplier done) throws InterruptedException {
    long end = System.nanoTime() + remaining().toNanos();
    Duration pause = FIRST;
    while (!done.getAsBoolean()) {
      long left = end - System.nanoTime();
      Deadline deadline = Context.current().getDeadline();
      if (left <= 0 || (deadline != null && deadline.isExpired())) {
        throw CsiError.deadlineExceeded(
            "gave up waiting for " + what + " at the call's deadline; the call may be retried");
      }
      if (Context.current().isCancelled()) {
        throw new InterruptedException("call cancelled while waiting for " + what);
      }
      Thread.sleep(Math.min(pause.toMillis(), Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))));
      pause = pause.multipliedBy(2).compareTo(MAX) > 0 ? MAX : pause.multipliedBy(2);
    }
  }
}
