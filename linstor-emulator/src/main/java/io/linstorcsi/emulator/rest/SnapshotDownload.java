package io.linstorcsi.emulator.rest;

import io.linstorcsi.emulator.backup.BackupMeta;
import io.linstorcsi.emulator.rc.ApiException;
import io.linstorcsi.emulator.rc.Rc;
import io.linstorcsi.emulator.rc.RetCode;
import io.linstorcsi.emulator.state.Node;
import io.linstorcsi.emulator.state.NodeSnapshot;
import io.linstorcsi.emulator.state.ResourceDefinition;
import io.linstorcsi.emulator.state.ResourceGroup;
import io.linstorcsi.emulator.state.Resources;
import io.linstorcsi.emulator.state.SnapshotDefinition;
import io.linstorcsi.emulator.state.StoragePool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The receiving side of a restore or an L2L shipment: the target resource definition and one
 * snapshot per backup of the chain, created empty and flagged {@code BackupShipping/Target/
 * ShippingStatus=Shipping} until their data arrived; then SUCCESSFUL, and, unless download-only,
 * the resource restored from the newest one (CtrlBackupRestoreApiCallHandler.restoreBackup,
 * createSnapDfnForBackupRestore).
 */
final class SnapshotDownload {
  /** A snapshot to create from a backup's metadata. */
  record Source(String snapshot, BackupMeta meta) {}

  /** What a started download created. */
  record Target(
      ResourceDefinition rd,
      String node,
      List<SnapshotDefinition> snapshots,
      boolean downloadOnly) {}

  private final Api api;
  private final RestoreEndpoints restores;
  private final ResourceOps ops;

  SnapshotDownload(Api api, RestoreEndpoints restores) {
    this.api = api;
    this.restores = restores;
    this.ops = new ResourceOps(api);
  }

  /**
   * Creates the target objects for {@code chain} (full backup first); the caller holds the lock and
   * adds its own info entry.
   */
  Target prepare(
      String targetName,
      String nodeName,
      Map<String, String> poolMap,
      List<Source> chain,
      boolean downloadOnly,
      String resourceGroup,
      String sourceRemote,
      List<Rc> out) {
    Node node = api.cluster.nodes().get(nodeName);
    if (node == null) {
      throw new ApiException(Lookup.nodeNotFound(0, nodeName).build());
    }
    if (!node.online()) {
      throw new ApiException(
          Rc.of(RetCode.error(0, RetCode.NOT_CONNECTED), Messages.notConnected(nodeName) + ".")
              .details(
                  "Backups cannot be restored when the corresponding satellite is not connected.")
              .build());
    }
    BackupMeta newest = chain.get(chain.size() - 1).meta();
    StoragePool pool = targetPool(node, newest, poolMap);
    List<String> layers = layerStack(newest);
    // checked before anything is created: a DRBD backup needs satellites with the DRBD layer
    ops.requireLayersSupported(layers, RetCode.BACKUP, Map.of("RscDfn", targetName));
    ResourceDefinition rd = definition(targetName, resourceGroup);
    boolean dlOnly = downloadOnly;
    if (!rd.diskfulResources().isEmpty() && !downloadOnly) {
      out.add(
          Rc.of(
                  RetCode.warn(0, RetCode.BACKUP_DL_ONLY),
                  "The target resource-definition is already deployed on nodes. After downloading"
                      + " the Backup Linstor will NOT restore the data to prevent unintentional"
                      + " data-loss.")
              .build());
      dlOnly = true;
    }
    if (rd.layerStack().isEmpty() && rd.resources().isEmpty()) {
      // linstor-server gives the target definition the source's layer stack from the metadata's
      // layer data (controller/.../backup/CtrlBackupRestoreApiCallHandler.java, restoreBackup and
      // the L2L receiver CtrlBackupL2LDstApiCallHandler use the same path)
      rd.layerStack().addAll(layers);
    }
    if (rd.volumeDefinitions().isEmpty() && rd.resources().isEmpty()) {
      newest
          .rscDfn()
          .vlmDfns()
          .forEach((nr, v) -> DefinitionFactory.newVolume(api.cluster, rd, nr, v.size()));
    }
    List<SnapshotDefinition> created = new ArrayList<>();
    for (Source s : chain) {
      if (rd.snapshots().containsKey(s.snapshot())) {
        continue;
      }
      created.add(snapshot(rd, s, node, pool, sourceRemote));
    }
    if (created.isEmpty()) {
      throw new ApiException(
          Rc.of(
                  RetCode.error(RetCode.BACKUP, RetCode.EXISTS_SNAPSHOT),
                  "The requested backup has already been downloaded to this cluster. Please use"
                      + " 'snapshot resource restore' to get a resource.")
              .build());
    }
    return new Target(rd, node.name(), created, dlOnly);
  }

  /** The source's layer stack, top first; empty for metadata without layer data. */
  static List<String> layerStack(BackupMeta meta) {
    return meta.layerData() == null ? List.of() : meta.layerData().stack();
  }

  /** The source pool renamed through the map; it must exist on the target node. */
  private static StoragePool targetPool(Node node, BackupMeta meta, Map<String, String> poolMap) {
    String source = meta.rsc().rscProps().get(Resources.PROP_STOR_POOL);
    String name = poolMap != null && source != null ? poolMap.getOrDefault(source, source) : source;
    StoragePool pool = name == null ? null : node.pools().get(name);
    if (pool == null) {
      throw new ApiException(
          Rc.of(
                  RetCode.error(0, RetCode.NOT_FOUND_STOR_POOL),
                  "Storage pool '" + name + "' not found on node '" + node.name() + "'.")
              .build());
    }
    return pool;
  }

  private ResourceDefinition definition(String name, String group) {
    ResourceDefinition rd = api.cluster.resourceDefinitions().get(name);
    if (rd != null) {
      if (rd.snapshots().values().stream().anyMatch(SnapshotDownload::receiving)) {
        throw new ApiException(
            Rc.of(
                    RetCode.error(RetCode.BACKUP, RetCode.IN_USE),
                    "A backup is currently being restored to resource definition " + name + ".")
                .build());
      }
      return rd;
    }
    String invalid =
        io.linstorcsi.emulator.state.Names.invalidReason(
            name, 2, io.linstorcsi.emulator.state.Names.MAX_RSC_NAME);
    if (invalid != null) {
      throw new ApiException(
          Rc.of(
                  RetCode.error(0, RetCode.INVLD_RSC_NAME),
                  "The given resource name '" + name + "' is invalid.")
              .cause(invalid)
              .build());
    }
    ResourceGroup rg =
        Lookup.rgForGet(
            api.cluster, group == null || group.isEmpty() ? ResourceGroup.DEFAULT : group);
    return DefinitionFactory.newDefinition(api.cluster, name, null, rg, null);
  }

  static boolean receiving(SnapshotDefinition snap) {
    return BackupProps.SHIPPING.equals(snap.props().get(BackupProps.target(BackupProps.STATUS)));
  }

  private SnapshotDefinition snapshot(
      ResourceDefinition rd, Source s, Node node, StoragePool pool, String sourceRemote) {
    List<SnapshotDefinition.VolumeSnapshot> volumes = new ArrayList<>();
    s.meta()
        .rscDfn()
        .vlmDfns()
        .forEach(
            (nr, v) ->
                volumes.add(
                    new SnapshotDefinition.VolumeSnapshot(
                        nr, v.size(), v.vlmDfnProps() == null ? Map.of() : v.vlmDfnProps())));
    Map<String, String> rscDfnProps =
        s.meta().rscDfn().rscDfnProps() == null ? Map.of() : s.meta().rscDfn().rscDfnProps();
    SnapshotDefinition snap = new SnapshotDefinition(s.snapshot(), rd, rscDfnProps, volumes);
    if (s.meta().rscDfn().snapDfnProps() != null) {
      snap.props().putAll(s.meta().rscDfn().snapDfnProps());
    }
    snap.props().put(BackupProps.target(BackupProps.STATUS), BackupProps.SHIPPING);
    snap.props()
        .put(BackupProps.target(BackupProps.START_TIMESTAMP), "" + s.meta().startTimestamp());
    snap.props().put(BackupProps.target(BackupProps.DST_NODE), node.name());
    snap.props().put(BackupProps.target(BackupProps.SRC_REMOTE), sourceRemote);
    Map<String, String> rscProps = new TreeMap<>(s.meta().rsc().rscProps());
    rscProps.put(Resources.PROP_STOR_POOL, pool.name());
    NodeSnapshot ns =
        new NodeSnapshot(
            node.name(), pool.name(), rscProps, List.copyOf(s.meta().rscDfn().vlmDfns().keySet()));
    ns.setCreateTimestamp(api.cluster.now());
    snap.nodes().put(node.name(), ns);
    for (SnapshotDefinition.VolumeSnapshot vs : volumes) {
      snap.backings()
          .put(
              vs.number(),
              api.cluster
                  .store()
                  .emptySnapshot(rd.name(), s.snapshot(), vs.number(), vs.sizeKib()));
    }
    rd.snapshots().put(s.snapshot(), snap);
    return snap;
  }

  /**
   * The download ended: the snapshots become SUCCESSFUL (or show Failed/Aborted) and, unless
   * download-only, the resource is restored from the newest one. Takes the lock.
   */
  void finish(Target target, String status) {
    api.cluster.locked(
        () -> {
          for (SnapshotDefinition snap : target.snapshots()) {
            if (target.rd().snapshots().get(snap.name()) != snap) {
              continue;
            }
            snap.props().put(BackupProps.target(BackupProps.STATUS), status);
            if (status.equals(BackupProps.SUCCESS)) {
              snap.flags().add(SnapshotDefinition.FLAG_SUCCESSFUL);
            }
          }
          SnapshotDefinition newest = target.snapshots().get(target.snapshots().size() - 1);
          if (status.equals(BackupProps.SUCCESS)
              && !target.downloadOnly()
              && target.rd().resources().isEmpty()) {
            restores.restore(
                target.rd().name(),
                newest.name(),
                new In.SnapshotRestore(target.rd().name(), List.of(target.node()), null));
          }
        });
  }

  /** The volume sizes a chain restores, for the pace (bytes). */
  static long totalBytes(List<SnapshotDefinition> snapshots) {
    long total = 0;
    for (SnapshotDefinition s : snapshots) {
      for (SnapshotDefinition.VolumeSnapshot v : s.volumes()) {
        total += v.sizeKib() * 1024;
      }
    }
    return total;
  }
}
