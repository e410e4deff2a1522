package io.linstorcsi.linstor;

/** Waits; a seam so rate-limit and backoff logic can be tested without real time passing. */
@FunctionalInterface
interface Sleeper {
  void sleepNanos(long nanos) throws InterruptedException;

  Sleeper SYSTEM =
      nanos -> {
        if (nanos > 0) {
          Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
        }
      };
}
