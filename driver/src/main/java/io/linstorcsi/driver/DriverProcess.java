package io.linstorcsi.driver;

import io.linstorcsi.common.UnixSocketServer;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The driver's lifecycle: wire the services for the configured roles, serve them on the socket, and
 * on SIGTERM or SIGINT stop taking calls, let running calls finish within the grace period, and
 * exit 0.
 */
final class DriverProcess {
  private static final Logger log = LoggerFactory.getLogger(DriverProcess.class);

  private DriverProcess() {}

  static int run(DriverConfig config) throws Exception {
    log.info("starting {} {}: {}", BuildInfo.DRIVER_NAME, BuildInfo.version(), config.describe());
    try (DriverMetrics metrics = new DriverMetrics();
        Backends backends = Backends.create(config, metrics)) {
      if (config.metricsAddress() != null) {
        metrics.serve(config.metricsAddress());
        log.info("metrics on http://{}/metrics", config.metricsAddress());
      }
      UnixSocketServer server = DriverServer.start(config, metrics, backends);
      CountDownLatch stopped = new CountDownLatch(1);
      Runnable stop =
          () -> {
            log.info(
                "stopping: no new calls; running calls get up to {} s",
                config.shutdownGrace().toSeconds());
            server.stop(config.shutdownGrace());
            stopped.countDown();
          };
      // Handling the signals ourselves (instead of a shutdown hook) lets the process exit 0 after a
      // graceful stop, which is what kubelet and container runtimes expect of a clean shutdown.
      Signal.handle(new Signal("TERM"), signal -> Thread.ofPlatform().start(stop));
      Signal.handle(new Signal("INT"), signal -> Thread.ofPlatform().start(stop));
      stopped.await();
      log.info("stopped");
      return 0;
    }
  }
}
