package io.linstorcsi.node.exec;

import io.grpc.Context;
import io.grpc.Deadline;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Budgets derived from the caller's gRPC deadline (STYLE 14): a command or a wait never outlives
 * the call that asked for it, so kubelet's retry does not race a leftover mkfs or mount.
 */
public final class Deadlines {
  /** Kept back from the caller's deadline so that the answer still reaches it. */
  static final Duration MARGIN = Duration.ofMillis(500);

  private Deadlines() {}

  /**
   * The smaller of {@code cap} and the time left on the current call's deadline (minus a margin).
   */
  public static Duration budget(Duration cap) {
    Deadline deadline = Context.current().getDeadline();
    if (deadline == null) {
      return cap;
    }
    long left = deadline.timeRemaining(TimeUnit.MILLISECONDS) - MARGIN.toMillis();
    Duration remaining = Duration.ofMillis(Math.max(0, left));
    return remaining.compareTo(cap) < 0 ? remaining : cap;
  }

  /** True when what is left of the current call's deadline is within the margin (or less). */
  public static boolean nearlyOver() {
    Deadline deadline = Context.current().getDeadline();
    return deadline != null && deadline.timeRemaining(TimeUnit.MILLISECONDS) <= MARGIN.toMillis();
  }

  /** True when the current call has been cancelled or its deadline has passed. */
  public static boolean callOver() {
    Context context = Context.current();
    if (context.isCancelled()) {
      return true;
    }
    Deadline deadline = context.getDeadline();
    return deadline != null && deadline.isExpired();
  }
}
