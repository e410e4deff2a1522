package io.linstorcsi.emulator.rest;

import io.linstorcsi.emulator.server.Router;
import io.linstorcsi.emulator.state.Cluster;
import io.linstorcsi.emulator.state.ProviderKind;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/** Registers every REST v1 route the emulator serves. */
public final class RestApi {
  private RestApi() {}

  public static Router router(Cluster cluster, Set<ProviderKind> providers) {
    Api api = new Api(cluster, providers);
    ResourceOps ops = new ResourceOps(api);
    Router router = new Router();
    new ControllerEndpoints(api, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
        .register(router);
    new NodeEndpoints(api).register(router);
    new StoragePoolEndpoints(api).register(router);
    new ResourceGroupEndpoints(api, ops).register(router);
    new QueryEndpoints(api, ops).register(router);
    new ResourceDefinitionEndpoints(api, ops).register(router);
    new VolumeDefinitionEndpoints(api, ops).register(router);
    new ResourceEndpoints(api, ops).register(router);
    SnapshotEndpoints snapshots = new SnapshotEndpoints(api);
    snapshots.register(router);
    new MultiSnapshotEndpoints(api, snapshots).register(router);
    new RestoreEndpoints(api, ops).register(router);
    new CloneEndpoints(api, ops).register(router);
    return router;
  }
}
