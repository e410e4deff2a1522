package io.linstorcsi.emulator.rest;

import io.linstorcsi.emulator.backup.BackupService;
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
    return router(cluster, providers, new BackupService());
  }

  public static Router router(Cluster cluster, Set<ProviderKind> providers, BackupService backups) {
    Api api = new Api(cluster, providers, backups);
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
    new RemoteEndpoints(api).register(router);
    BackupShipping shipping = new BackupShipping(api, snapshots);
    snapshots.queuedForBackup(shipping::isQueued);
    new BackupCreateEndpoints(api, shipping).register(router);
    new BackupListEndpoints(api).register(router);
    RestoreEndpoints restores = new RestoreEndpoints(api, ops);
    new BackupRestoreEndpoints(api, restores).register(router);
    new L2LShipEndpoints(api, shipping, snapshots).register(router);
    new L2LReceiveEndpoints(api, restores).register(router);
    return router;
  }
}
