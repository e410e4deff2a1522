package io.linstorcsi.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a test has set up through the driver and not yet taken down, newest last. Each step is
 * registered when its CSI call succeeded and forgotten when its counterpart succeeded, so after a
 * failed test the cleanup undoes exactly what is left, in the order Kubernetes would.
 */
final class Undo {
  /** One teardown step. */
  @FunctionalInterface
  interface Step {
    void run() throws Exception;
  }

  private record Entry(String what, Step step) {}

  private final Map<Object, Entry> pending = new LinkedHashMap<>();

  synchronized void register(Object key, String what, Step step) {
    pending.put(key, new Entry(what, step));
  }

  synchronized void forget(Object key) {
    pending.remove(key);
  }

  synchronized List<String> pending() {
    return pending.values().stream().map(Entry::what).toList();
  }

  /** Runs every pending step, newest first; returns the failures (as text) and forgets them all. */
  List<String> runAll() {
    List<Map.Entry<Object, Entry>> steps;
    synchronized (this) {
      steps = new ArrayList<>(pending.entrySet());
    }
    List<String> failures = new ArrayList<>();
    for (int i = steps.size() - 1; i >= 0; i--) {
      Entry e = steps.get(i).getValue();
      try {
        e.step().run();
      } catch (Exception ex) {
        failures.add(e.what() + ": " + ex);
      }
    }
    synchronized (this) {
      pending.clear();
    }
    return failures;
  }
}
