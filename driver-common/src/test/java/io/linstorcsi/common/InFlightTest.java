package io.linstorcsi.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

class InFlightTest {
  private final InFlight inFlight = new InFlight();

  @Test
  void aSecondCallOnTheSameKey_isAborted_untilTheFirstEnds() {
    try (var first = inFlight.acquire("pvc-1")) {
      assertThatThrownBy(() -> inFlight.acquire("pvc-1"))
          .isInstanceOfSatisfying(
              CsiError.class, e -> assertThat(e.code()).isEqualTo(Status.Code.ABORTED));
      try (var other = inFlight.acquire("pvc-2")) {
        assertThat(inFlight.isRunning("pvc-2")).isTrue();
      }
    }
    try (var again = inFlight.acquire("pvc-1")) {
      assertThat(inFlight.isRunning("pvc-1")).isTrue();
    }
    assertThat(inFlight.isRunning("pvc-1")).isFalse();
  }

  @Test
  void acquireAll_takesAllOrNone() {
    try (var held = inFlight.acquire("b")) {
      assertThatThrownBy(() -> inFlight.acquireAll("a", "b")).isInstanceOf(CsiError.class);
      assertThat(inFlight.isRunning("a")).as("released after the failed attempt").isFalse();
    }
    try (var both = inFlight.acquireAll("a", "b")) {
      assertThat(inFlight.isRunning("a")).isTrue();
      assertThat(inFlight.isRunning("b")).isTrue();
    }
    assertThat(inFlight.isRunning("a")).isFalse();
  }
}
