package io.linstorcsi.linstor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket on a fake clock: no real time passes. */
class TokenBucketTest {
  private static final long SECOND = 1_000_000_000L;
  private final AtomicLong now = new AtomicLong(1_000 * SECOND);

  @Test
  void burst_goesThroughAtOnce_thenOneRequestPerInterval() {
    TokenBucket bucket = new TokenBucket(2.0, 3, now::get);
    assertThat(bucket.reserve()).isZero();
    assertThat(bucket.reserve()).isZero();
    assertThat(bucket.reserve()).isZero();
    // empty: each further request waits half a second more than the one before
    assertThat(bucket.reserve()).isEqualTo(SECOND / 2);
    assertThat(bucket.reserve()).isEqualTo(SECOND);
    assertThat(bucket.reserve()).isEqualTo(3 * SECOND / 2);
  }

  @Test
  void tokens_refillWithTime_butNeverAboveBurst() {
    TokenBucket bucket = new TokenBucket(1.0, 2, now::get);
    bucket.reserve();
    bucket.reserve();
    now.addAndGet(100 * SECOND); // a long pause refills only up to the burst
    assertThat(bucket.reserve()).isZero();
    assertThat(bucket.reserve()).isZero();
    assertThat(bucket.reserve()).isEqualTo(SECOND);
  }

  @Test
  void reservedWaits_areRepaidByTheClock() {
    TokenBucket bucket = new TokenBucket(4.0, 1, now::get);
    assertThat(bucket.reserve()).isZero();
    assertThat(bucket.reserve()).isEqualTo(SECOND / 4);
    now.addAndGet(SECOND / 4); // the waiting request has used its token
    assertThat(bucket.reserve()).isEqualTo(SECOND / 4);
    now.addAndGet(SECOND);
    assertThat(bucket.reserve()).isZero();
  }

  @Test
  void zeroBurst_behavesAsOne() {
    TokenBucket bucket = new TokenBucket(10.0, 0, now::get);
    assertThat(bucket.reserve()).isZero();
    assertThat(bucket.reserve()).isEqualTo(SECOND / 10);
  }

  @Test
  void acquire_sleepsExactlyTheReservedTime() throws InterruptedException {
    List<Long> slept = new ArrayList<>();
    TokenBucket bucket = new TokenBucket(5.0, 1, now::get);
    Sleeper sleeper = slept::add;
    bucket.acquire(sleeper);
    bucket.acquire(sleeper);
    bucket.acquire(sleeper);
    assertThat(slept).containsExactly(SECOND / 5, 2 * SECOND / 5);
  }

  @Test
  void rate_mustBePositive() {
    assertThatThrownBy(() -> new TokenBucket(0, 1, now::get))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
