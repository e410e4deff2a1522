package io.linstorcsi.controller.provisioning;

import io.grpc.Context;
import io.grpc.Deadline;
import io.linstorcsi.common.CsiError;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Polling that honours the caller's gRPC deadline and cancellation and backs off between attempts,
 * so a wait never outlives the request that asked for it.
 */
public final class Waits {
  // Short: what is awaited (a snapshot, replicas connecting) usually takes tens of milliseconds,
  // and every extra pause is latency the caller sees. The cap keeps a long wait to two reads a
  // second, cheap for LINSTOR.
  private static final Duration FIRST = Duration.ofMillis(20);
  private static final Duration MAX = Duration.ofMillis(500);
  private static final Duration MARGIN = Duration.ofMillis(250);

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
    long total = remaining().toNanos();
    // Give up a little before the deadline, so the caller gets this wait's own explanation
    // instead of a bare DEADLINE_EXCEEDED from its gRPC library.
    long end = System.nanoTime() + total - Math.min(MARGIN.toNanos(), total / 10);
    Duration pause = FIRST;
    Context context = Context.current();
    // Wakes the pause at once when the caller gives up or its deadline passes, instead of
    // sleeping on.
    CountDownLatch ended = new CountDownLatch(1);
    Context.CancellationListener onCancel = c -> ended.countDown();
    context.addListener(onCancel, Runnable::run);
    try {
      while (!done.getAsBoolean()) {
        long left = end - System.nanoTime();
        Deadline deadline = context.getDeadline();
        if (left <= 0 || (deadline != null && deadline.isExpired())) {
          throw CsiError.deadlineExceeded(
              "gave up waiting for " + what + " at the call's deadline; the call may be retried");
        }
        if (context.isCancelled()) {
          throw new InterruptedException("call cancelled while waiting for " + what);
        }
        ended.await(Math.min(pause.toNanos(), left), TimeUnit.NANOSECONDS);
        pause = pause.multipliedBy(2).compareTo(MAX) > 0 ? MAX : pause.multipliedBy(2);
      }
    } finally {
      context.removeListener(onCancel);
    }
  }
}
