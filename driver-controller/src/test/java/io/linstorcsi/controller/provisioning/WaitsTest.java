package io.linstorcsi.controller.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.linstorcsi.common.CsiError;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WaitsTest {
  private final Waits waits = new Waits(Duration.ofSeconds(5));

  @Test
  void until_pollsUntilTheConditionHolds() throws Exception {
    AtomicInteger polls = new AtomicInteger();
    waits.until("three polls", () -> polls.incrementAndGet() >= 3);
    assertThat(polls).hasValue(3);
  }

  @Test
  void until_endsAtTheCallersDeadline() throws Exception {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      Context.CancellableContext ctx =
          Context.current().withDeadline(Deadline.after(200, TimeUnit.MILLISECONDS), timer);
      long start = System.nanoTime();
      assertThatThrownBy(
              () ->
                  ctx.call(
                      () -> {
                        waits.until("never", () -> false);
                        return null;
                      }))
          .isInstanceOfSatisfying(
              CsiError.class, e -> assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      ctx.cancel(null);
    } finally {
      timer.shutdownNow();
    }
  }

  @Test
  void until_stopsWhenTheCallIsCancelled() {
    Context.CancellableContext ctx = Context.current().withCancellation();
    ctx.cancel(null);
    assertThatThrownBy(
            () ->
                ctx.call(
                    () -> {
                      waits.until("never", () -> false);
                      return null;
                    }))
        .isInstanceOf(InterruptedException.class);
  }

  @Test
  void remaining_withoutDeadline_isTheFallback() {
    assertThat(waits.remaining()).isEqualTo(Duration.ofSeconds(5));
  }
}
