package io.linstorcsi.common;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys of operations in progress. A second call on the same key while the first runs is answered
 * ABORTED (CSI spec: "an operation with the given volume id is already in progress"), so the
 * sidecars retry later; different keys proceed in parallel.
 */
public final class InFlight {
  private final Set<String> running = ConcurrentHashMap.newKeySet();

  /** A held key; closing releases it. */
  public interface Ticket extends AutoCloseable {
    @Override
    void close();
  }

  public Ticket acquire(String key) {
    if (!running.add(key)) {
      throw CsiError.aborted(
          "an operation on " + key + " is already in progress; retry when it has finished");
    }
    return () -> running.remove(key);
  }

  /** Acquires several keys at once, all or none (e.g. a clone's source and target). */
  public Ticket acquireAll(String... keys) {
    Ticket[] held = new Ticket[keys.length];
    int taken = 0;
    try {
      for (String key : keys) {
        held[taken] = acquire(key);
        taken++;
      }
    } catch (CsiError e) {
      for (int i = 0; i < taken; i++) {
        held[i].close();
      }
      throw e;
    }
    int count = taken;
    return () -> {
      for (int i = 0; i < count; i++) {
        held[i].close();
      }
    };
  }

  public boolean isRunning(String key) {
    return running.contains(key);
  }
}
