package io.linstorcsi.controller.backups;

import java.time.Duration;

/**
 * Told about shipments as CreateSnapshot calls observe them, for metrics. Each event is reported
 * once per driver process; never with secrets (a {@link Shipment} carries none).
 */
public interface ShipmentListener {
  /** This driver asked LINSTOR to ship. */
  void started(Shipment shipment);

  /** LINSTOR reports the shipment complete; bytes and duration as far as LINSTOR tells them. */
  void completed(Shipment shipment, long bytes, Duration duration);

  /**
   * LINSTOR reports the shipment failed (or it could not be started); the next call restarts it.
   */
  void failed(Shipment shipment, String reason);

  static ShipmentListener none() {
    return new ShipmentListener() {
      @Override
      public void started(Shipment shipment) {}

      @Override
      public void completed(Shipment shipment, long bytes, Duration duration) {}

      @Override
      public void failed(Shipment shipment, String reason) {}
    };
  }
}
