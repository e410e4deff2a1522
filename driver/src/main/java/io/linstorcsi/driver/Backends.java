package io.linstorcsi.driver;

import io.grpc.BindableService;
import io.linstorcsi.controller.ControllerConfig;
import io.linstorcsi.controller.ControllerService;
import io.linstorcsi.controller.groupsnapshots.GroupControllerService;
import io.linstorcsi.controller.ids.VolumeId;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.model.StoragePool;
import io.linstorcsi.node.NodeConfig;
import io.linstorcsi.node.NodeService;
import io.linstorcsi.node.NodeTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The LINSTOR client and the CSI services built on it, for the roles this process runs. */
public final class Backends implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Backends.class);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

  private final LinstorClient client;
  private final List<BindableService> services;
  private final NodeService node;

  private Backends(LinstorClient client, List<BindableService> services, NodeService node) {
    this.client = client;
    this.services = List.copyOf(services);
    this.node = node;
  }

  public static Backends create(DriverConfig config, DriverMetrics metrics) {
    LinstorClient client = linstorClient(config, metrics);
    List<BindableService> services = new ArrayList<>();
    if (config.controller()) {
      services.add(
          new ControllerService(
              client,
              new ControllerConfig(
                  config.propertyNamespace(), BuildInfo.version(), true, Duration.ofMinutes(2)),
              metrics.backups()));
      services.add(new GroupControllerService(client));
    }
    NodeService node = null;
    if (config.nodePlugin()) {
      NodeConfig.Builder settings =
          NodeConfig.builder(config.nodeName())
              .maxVolumesPerNode(config.maxVolumesPerNode())
              .topologyNamespace(config.propertyNamespace() + "/topology");
      settings.kubeletRoot(config.kubeletRoot());
      node =
          new NodeService(
              settings.build(),
              (volumeId, nodeName) -> devicePath(client, volumeId, nodeName),
              nodeName -> topology(client, nodeName));
      node.start();
      services.add(node);
    }
    return new Backends(client, services, node);
  }

  static LinstorClient linstorClient(DriverConfig config, DriverMetrics metrics) {
    LinstorClient.Builder builder =
        LinstorClient.builder()
            .fromEnvironment(config.tlsEnvironment())
            .endpoints(config.linstorEndpoints())
            .skipTlsVerification(config.linstorSkipTlsVerification())
            .requestsPerSecond(config.linstorRequestsPerSecond())
            .burst(Math.max(1, config.linstorBurst()))
            .userAgent("linstor-csi-java/" + BuildInfo.version())
            .listener(
                event ->
                    metrics.recordLinstor(
                        event.operation(),
                        event.httpStatus() == 0 ? "error" : Integer.toString(event.httpStatus()),
                        event.duration().toNanos()));
    if (config.bearerToken() != null && !config.bearerToken().isBlank()) {
      builder.bearerToken(config.bearerToken());
    }
    return builder.build();
  }

  private static Optional<String> devicePath(LinstorClient client, String volumeId, String node) {
    VolumeId id = VolumeId.parse(volumeId);
    try {
      return Optional.ofNullable(
          client.resources().volume(id.resourceName(), node, id.volumeNumber()).devicePath());
    } catch (LinstorException.NotFound e) {
      return Optional.empty();
    }
  }

  private static NodeTopology.Facts topology(LinstorClient client, String nodeName) {
    var props = client.nodes().get(nodeName).props();
    List<String> pools =
        client.storagePools().list(nodeName).stream().map(StoragePool::storagePoolName).toList();
    return new NodeTopology.Facts(props == null ? java.util.Map.of() : props, pools);
  }

  public List<BindableService> services() {
    return services;
  }

  /** Whether the LINSTOR controller answers; Probe reports not-ready while it does not. */
  public boolean linstorReachable() {
    try {
      client.withCallTimeout(PROBE_TIMEOUT).controller().version();
      return true;
    } catch (LinstorException e) {
      log.debug("LINSTOR not reachable: {}", e.getMessage());
      return false;
    }
  }

  @Override
  public void close() {
    if (node != null) {
      node.close();
    }
    client.close();
  }
}
