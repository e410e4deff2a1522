package io.linstorcsi.driver;

import io.grpc.Status;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The driver's Prometheus metrics: CSI RPCs by method and code, LINSTOR requests by operation and
 * status, and the JVM. Served only when {@code --metrics-address} is given.
 */
public final class DriverMetrics implements AutoCloseable {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter rpcTotal;
  private final Histogram rpcSeconds;
  private final Counter linstorTotal;
  private final Histogram linstorSeconds;
  private final BackupMetrics backups = new BackupMetrics(registry);
  private HTTPServer server;

  public DriverMetrics() {
    rpcTotal =
        Counter.builder()
            .name("csi_rpc_total")
            .help("CSI RPCs served, by method and gRPC code")
            .labelNames("method", "code")
            .register(registry);
    rpcSeconds =
        Histogram.builder()
            .name("csi_rpc_duration_seconds")
            .help("CSI RPC latency, by method and gRPC code")
            .labelNames("method", "code")
            .register(registry);
    linstorTotal =
        Counter.builder()
            .name("linstor_requests_total")
            .help("LINSTOR REST requests, by operation and HTTP status (or 'error')")
            .labelNames("operation", "status")
            .register(registry);
    linstorSeconds =
        Histogram.builder()
            .name("linstor_request_duration_seconds")
            .help("LINSTOR REST request latency, by operation and HTTP status")
            .labelNames("operation", "status")
            .register(registry);
  }

  /** Receives the controller's shipment events. */
  BackupMetrics backups() {
    return backups;
  }

  void recordRpc(String method, Status.Code code, long nanos) {
    rpcTotal.labelValues(method, code.name()).inc();
    rpcSeconds.labelValues(method, code.name()).observe(nanos / 1e9);
  }

  void recordLinstor(String operation, String status, long nanos) {
    linstorTotal.labelValues(operation, status).inc();
    linstorSeconds.labelValues(operation, status).observe(nanos / 1e9);
  }

  /** Starts the HTTP endpoint ({@code /metrics}) on {@code host:port}. */
  void serve(String address) throws IOException {
    int colon = address.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("--metrics-address must be HOST:PORT, got " + address);
    }
    String host = address.substring(0, colon);
    int port = Integer.parseInt(address.substring(colon + 1));
    JvmMetrics.builder().register(registry);
    server =
        HTTPServer.builder()
            .inetAddress(
                new InetSocketAddress(host.isEmpty() ? "0.0.0.0" : host, port).getAddress())
            .port(port)
            .registry(registry)
            .buildAndStart();
  }

  int port() {
    return server == null ? -1 : server.getPort();
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}
