package io.linstorcsi.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;

/** How the sidecars treat a failed call: look at its code, and retry the same call later. */
final class Calls {
  /** Codes after which the sidecars retry with back-off, because the cause may pass. */
  static final Set<Status.Code> RETRYABLE =
      Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED);

  /**
   * What the sidecars also retry: CSI spec, ABORTED means "an operation is pending for the volume",
   * and the caller retries with back-off.
   */
  static final Set<Status.Code> RETRIED =
      Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED, Status.Code.ABORTED);

  private Calls() {}

  /** The status a call fails with; an AssertionError if it succeeds. */
  static Status failure(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      return e.getStatus();
    }
    throw new AssertionError("the call succeeded but was expected to fail");
  }

  /** Asserts a failure the sidecars retry, with a message that says something. */
  static Status retryableFailure(String step, Runnable call) {
    Status status = failure(call);
    assertThat(status.getCode()).as(step + " failed with " + status).isIn(RETRYABLE);
    assertThat(status.getDescription()).as(step + " explains its failure").isNotBlank();
    return status;
  }

  /**
   * Retries the same call while it fails with a code in {@link #RETRIED}, as the sidecars do with
   * exponential back-off, for at most {@code patience}; the first other failure ends the retries.
   */
  static <T> T retry(Duration patience, Supplier<T> call) throws InterruptedException {
    Instant deadline = Instant.now().plus(patience);
    long sleepMs = 100;
    while (true) {
      try {
        return call.get();
      } catch (StatusRuntimeException e) {
        if (!RETRIED.contains(e.getStatus().getCode()) || Instant.now().isAfter(deadline)) {
          throw e;
        }
      }
      Thread.sleep(sleepMs);
      sleepMs = Math.min(2_000, sleepMs * 2);
    }
  }
}
