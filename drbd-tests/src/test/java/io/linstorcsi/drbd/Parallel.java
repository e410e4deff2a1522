package io.linstorcsi.drbd;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs independent steps on both guests at once: each guest has its own emulated CPU. */
final class Parallel {
  private Parallel() {}

  static void run(Runnable... steps) {
    ExecutorService pool = Executors.newFixedThreadPool(steps.length);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Runnable step : steps) {
        futures.add(pool.submit(step));
      }
      for (Future<?> future : futures) {
        future.get(10, TimeUnit.MINUTES);
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("a parallel step took more than 10 minutes", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
