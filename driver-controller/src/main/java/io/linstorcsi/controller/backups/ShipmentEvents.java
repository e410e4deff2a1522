package io.linstorcsi.controller.backups;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs shipment progress and outcome at INFO and passes them to the listener, each outcome once:
 * the CO calls CreateSnapshot again and again while a shipment runs, and each call observes the
 * same state.
 */
final class ShipmentEvents {
  private static final Logger LOG = LoggerFactory.getLogger(ShipmentEvents.class);
  private static final int REMEMBERED = 10_000;

  private final ShipmentListener listener;
  private final Set<String> reported =
      Collections.newSetFromMap(
          Collections.synchronizedMap(
              new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                  return size() > REMEMBERED;
                }
              }));

  ShipmentEvents(ShipmentListener listener) {
    this.listener = listener;
  }

  void started(Shipment s) {
    reported.remove(s.toString());
    LOG.info(
        "backup {} started: {} shipment to remote {}",
        s,
        s.incremental() ? "incremental" : "full",
        s.remote());
    safely(() -> listener.started(s));
  }

  void running(Shipment s) {
    LOG.info("backup {} still shipping to remote {}", s, s.remote());
  }

  /**
   * Reports a completion the first time this process sees it; {@code bytes} is asked only then,
   * since finding the size costs LINSTOR calls.
   */
  void completed(Shipment s, LongSupplier bytesOf, Duration duration) {
    if (!reported.add(s.toString())) {
      return;
    }
    long bytes = bytesOf.getAsLong();
    LOG.info(
        "backup {} complete on remote {}: {} bytes in {} s",
        s,
        s.remote(),
        bytes,
        duration.toMillis() / 1000.0);
    safely(() -> listener.completed(s, bytes, duration));
  }

  void failed(Shipment s, String reason) {
    LOG.info(
        "backup {} to remote {} failed: {}; the next call starts it again", s, s.remote(), reason);
    safely(() -> listener.failed(s, reason));
  }

  private static void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("shipment listener failed: {}", e.toString());
    }
  }
}
