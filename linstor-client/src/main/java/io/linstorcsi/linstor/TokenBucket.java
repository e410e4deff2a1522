package io.linstorcsi.linstor;

import java.util.function.LongSupplier;

/**
 * Client-side rate limit, the same model as Go's {@code rate.Limiter} that Piraeus configures with
 * {@code --linstor-api-requests-per-second} and {@code --linstor-api-burst}: the bucket holds at
 * most {@code burst} tokens and refills at {@code rate} per second; each request takes one.
 *
 * <p>A request that finds the bucket empty reserves its token anyway and waits until it would have
 * been refilled, so waiting requests are served in order and never starve.
 */
final class TokenBucket {
  private static final double NANOS_PER_SECOND = 1_000_000_000d;

  private final double tokensPerNano;
  private final double burst;
  private final LongSupplier clock;
  private double tokens;
  private long last;

  TokenBucket(double requestsPerSecond, int burst, LongSupplier nanoClock) {
    if (!(requestsPerSecond > 0)) {
      throw new IllegalArgumentException(
          "requests per second must be positive: " + requestsPerSecond);
    }
    this.tokensPerNano = requestsPerSecond / NANOS_PER_SECOND;
    // a burst below 1 would block every request forever; Go's limiter behaves the same way with
    // burst 0, which is never what an operator means
    this.burst = Math.max(1, burst);
    this.clock = nanoClock;
    this.tokens = this.burst;
    this.last = nanoClock.getAsLong();
  }

  /** Takes a token and returns how long the caller must wait before using it (0: go now). */
  synchronized long reserve() {
    long now = clock.getAsLong();
    tokens = Math.min(burst, tokens + (now - last) * tokensPerNano);
    last = now;
    tokens -= 1;
    if (tokens >= 0) {
      return 0;
    }
    return (long) Math.ceil(-tokens / tokensPerNano);
  }

  /** Takes a token, waiting as long as needed. */
  void acquire(Sleeper sleeper) throws InterruptedException {
    long wait = reserve();
    if (wait > 0) {
      sleeper.sleepNanos(wait);
    }
  }
}
