package io.linstorcsi.driver;

import io.grpc.BindableService;
import io.linstorcsi.common.UnixSocketServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Puts Identity and the role services behind the RPC observer on the configured socket. */
public final class DriverServer {
  private DriverServer() {}

  public static UnixSocketServer start(
      DriverConfig config, DriverMetrics metrics, Backends backends) throws IOException {
    List<BindableService> services = new ArrayList<>();
    services.add(new IdentityService(config.controller(), backends::linstorReachable));
    services.addAll(backends.services());
    return UnixSocketServer.start(config.socket(), services, List.of(new RpcObserver(metrics)));
  }
}
