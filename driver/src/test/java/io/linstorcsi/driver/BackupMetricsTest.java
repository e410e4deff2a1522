package io.linstorcsi.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.linstorcsi.controller.backups.Shipment;
import io.linstorcsi.controller.ids.SnapshotId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackupMetricsTest {

  @Test
  void shipmentEvents_areServedByRemote() throws Exception {
    try (DriverMetrics metrics = new DriverMetrics()) {
      metrics.serve("127.0.0.1:0");
      Shipment s = new Shipment(SnapshotId.Type.S3, "bucket-a", "pvc-1", "snapshot-1", false);
      metrics.backups().started(s);
      metrics.backups().completed(s, 4096, Duration.ofSeconds(3));
      metrics
          .backups()
          .failed(new Shipment(SnapshotId.Type.S3, "bucket-b", "pvc-2", "snapshot-2", true), "x");
      String text =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + metrics.port() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(text)
          .contains(
              "linstor_csi_backup_shipments_started_total{kind=\"full\",remote=\"bucket-a\",type=\"S3\"} 1.0")
          .contains(
              "linstor_csi_backup_shipped_bytes_total{remote=\"bucket-a\",type=\"S3\"} 4096.0")
          .contains(
              "linstor_csi_backup_shipment_failures_total{remote=\"bucket-b\",type=\"S3\"} 1.0")
          .contains(
              "linstor_csi_backup_shipment_duration_seconds_sum{remote=\"bucket-a\",type=\"S3\"} 3.0");
    }
  }
}
