package io.linstorcsi.driver;

import com.google.protobuf.BoolValue;
import csi.v1.GetPluginCapabilitiesRequest;
import csi.v1.GetPluginCapabilitiesResponse;
import csi.v1.GetPluginInfoRequest;
import csi.v1.GetPluginInfoResponse;
import csi.v1.IdentityGrpc;
import csi.v1.PluginCapability;
import csi.v1.ProbeRequest;
import csi.v1.ProbeResponse;
import io.grpc.stub.StreamObserver;
import io.linstorcsi.common.Rpc;
import java.util.function.BooleanSupplier;

/** CSI Identity: who we are, what we can do, and whether we are ready. */
final class IdentityService extends IdentityGrpc.IdentityImplBase {
  private final boolean controller;
  private final BooleanSupplier ready;

  /**
   * @param controller whether the controller service runs in this process
   * @param ready readiness of the backend (LINSTOR reachable); consulted only in controller mode
   */
  IdentityService(boolean controller, BooleanSupplier ready) {
    this.controller = controller;
    this.ready = ready;
  }

  @Override
  public void getPluginInfo(GetPluginInfoRequest req, StreamObserver<GetPluginInfoResponse> out) {
    Rpc.unary(
        out,
        () ->
            GetPluginInfoResponse.newBuilder()
                .setName(BuildInfo.DRIVER_NAME)
                .setVendorVersion(BuildInfo.version())
                .build());
  }

  @Override
  public void getPluginCapabilities(
      GetPluginCapabilitiesRequest req, StreamObserver<GetPluginCapabilitiesResponse> out) {
    Rpc.unary(
        out,
        () -> {
          var response = GetPluginCapabilitiesResponse.newBuilder();
          if (controller) {
            response.addCapabilities(service(PluginCapability.Service.Type.CONTROLLER_SERVICE));
            response.addCapabilities(
                service(PluginCapability.Service.Type.GROUP_CONTROLLER_SERVICE));
          }
          response
              .addCapabilities(
                  service(PluginCapability.Service.Type.VOLUME_ACCESSIBILITY_CONSTRAINTS))
              .addCapabilities(
                  PluginCapability.newBuilder()
                      .setVolumeExpansion(
                          PluginCapability.VolumeExpansion.newBuilder()
                              .setType(PluginCapability.VolumeExpansion.Type.ONLINE)));
          return response.build();
        });
  }

  @Override
  public void probe(ProbeRequest req, StreamObserver<ProbeResponse> out) {
    // A node plugin has nothing remote to wait for; the controller is useless without LINSTOR.
    Rpc.unary(
        out,
        () ->
            ProbeResponse.newBuilder()
                .setReady(BoolValue.of(!controller || ready.getAsBoolean()))
                .build());
  }

  private static PluginCapability service(PluginCapability.Service.Type type) {
    return PluginCapability.newBuilder()
        .setService(PluginCapability.Service.newBuilder().setType(type))
        .build();
  }
}
