package io.linstorcsi.driver;

import io.linstorcsi.controller.backups.Shipment;
import io.linstorcsi.controller.backups.ShipmentListener;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;

/**
 * Backups shipped to remotes, as the controller observes them: started, complete (bytes and
 * duration) and failed shipments, by remote and kind. Labels carry remote names only, never
 * credentials.
 */
final class BackupMetrics implements ShipmentListener {
  private final Counter started;
  private final Counter completed;
  private final Counter failed;
  private final Counter bytes;
  private final Histogram seconds;

  BackupMetrics(PrometheusRegistry registry) {
    started =
        Counter.builder()
            .name("linstor_csi_backup_shipments_started_total")
            .help("Backups this driver asked LINSTOR to ship, by remote, type and kind")
            .labelNames("remote", "type", "kind")
            .register(registry);
    completed =
        Counter.builder()
            .name("linstor_csi_backup_shipments_completed_total")
            .help("Backups LINSTOR reported complete, by remote and type")
            .labelNames("remote", "type")
            .register(registry);
    failed =
        Counter.builder()
            .name("linstor_csi_backup_shipment_failures_total")
            .help("Backups that failed or could not be started, by remote and type")
            .labelNames("remote", "type")
            .register(registry);
    bytes =
        Counter.builder()
            .name("linstor_csi_backup_shipped_bytes_total")
            .help("Bytes of complete backups (what a restore of each downloads beyond its base)")
            .labelNames("remote", "type")
            .register(registry);
    seconds =
        Histogram.builder()
            .name("linstor_csi_backup_shipment_duration_seconds")
            .help("Time from the start of a shipment to its completion, by remote and type")
            .labelNames("remote", "type")
            .classicUpperBounds(1, 10, 60, 300, 900, 3600, 4 * 3600, 24 * 3600)
            .register(registry);
  }

  @Override
  public void started(Shipment s) {
    started
        .labelValues(s.remote(), s.type().wire(), s.incremental() ? "incremental" : "full")
        .inc();
  }

  @Override
  public void completed(Shipment s, long shippedBytes, Duration duration) {
    completed.labelValues(s.remote(), s.type().wire()).inc();
    bytes.labelValues(s.remote(), s.type().wire()).inc(shippedBytes);
    seconds.labelValues(s.remote(), s.type().wire()).observe(duration.toNanos() / 1e9);
  }

  @Override
  public void failed(Shipment s, String reason) {
    failed.labelValues(s.remote(), s.type().wire()).inc();
  }
}
