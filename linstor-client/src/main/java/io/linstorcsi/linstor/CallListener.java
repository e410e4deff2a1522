package io.linstorcsi.linstor;

/**
 * Receives one {@link CallEvent} per finished client call, so the application can feed metrics
 * without this client depending on a metrics library. Called on the calling thread; must be quick
 * and must not throw (exceptions are logged and dropped).
 */
@FunctionalInterface
public interface CallListener {
  void onCall(CallEvent event);

  /** A listener that ignores every event. */
  static CallListener none() {
    return event -> {};
  }
}
