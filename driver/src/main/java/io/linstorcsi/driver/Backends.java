package io.linstorcsi.driver;

import io.grpc.BindableService;
import java.util.ArrayList;
import java.util.List;

/** The LINSTOR client and the CSI services built on it, for the roles this process runs. */
final class Backends implements AutoCloseable {
  private final List<BindableService> services;

  private Backends(List<BindableService> services) {
    this.services = List.copyOf(services);
  }

  static Backends create(DriverConfig config, DriverMetrics metrics) {
    List<BindableService> services = new ArrayList<>();
    return new Backends(services);
  }

  List<BindableService> services() {
    return services;
  }

  boolean linstorReachable() {
    return true;
  }

  @Override
  public void close() {}
}
