package io.linstorcsi.linstor;

import java.time.Duration;

/**
 * How often and how patiently a read is repeated after the controller was unavailable. Writes are
 * never repeated: LINSTOR may have acted on a write whose answer got lost.
 */
record RetryPolicy(int retries, Duration initialBackoff, Duration maxBackoff) {

  static final RetryPolicy NONE = new RetryPolicy(0, Duration.ofMillis(100), Duration.ofSeconds(2));

  RetryPolicy {
    if (retries < 0) {
      throw new IllegalArgumentException("retries must not be negative: " + retries);
    }
    if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
      throw new IllegalArgumentException("backoff must not be negative");
    }
  }

  /** Wait before retry number {@code retry} (1-based): doubling from the initial wait, capped. */
  Duration backoff(int retry) {
    long initial = initialBackoff.toNanos();
    int shift = Math.min(retry - 1, 30);
    long nanos = initial > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : initial << shift;
    return Duration.ofNanos(Math.min(nanos, maxBackoff.toNanos()));
  }
}
