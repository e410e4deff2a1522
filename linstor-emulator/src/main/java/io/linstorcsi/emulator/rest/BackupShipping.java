package io.linstorcsi.emulator.rest;

import io.linstorcsi.emulator.backup.BackupMeta;
import io.linstorcsi.emulator.backup.BackupNames;
import io.linstorcsi.emulator.backup.Remote;
import io.linstorcsi.emulator.backup.S3Failure;
import io.linstorcsi.emulator.backup.S3Store;
import io.linstorcsi.emulator.backup.Shipment;
import io.linstorcsi.emulator.backup.VolumeCopy;
import io.linstorcsi.emulator.block.BlockStore;
import io.linstorcsi.emulator.rc.ApiException;
import io.linstorcsi.emulator.rc.Rc;
import io.linstorcsi.emulator.rc.RetCode;
import io.linstorcsi.emulator.state.NodeSnapshot;
import io.linstorcsi.emulator.state.Resource;
import io.linstorcsi.emulator.state.ResourceDefinition;
import io.linstorcsi.emulator.state.Resources;
import io.linstorcsi.emulator.state.SnapshotDefinition;
import io.linstorcsi.emulator.state.StoragePool;
import io.linstorcsi.emulator.state.VolumeDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Backups to S3: takes the snapshot with the backup properties, picks the node, decides full or
 * incremental, uploads the volume objects and the metadata object, and records the outcome
 * (controller/.../backup/CtrlBackupCreateApiCallHandler.java, nodefinder/BackupNodeFinder.java,
 * internal/CtrlBackupShippingSentInternalCallHandler.java).
 */
final class BackupShipping {
  private final Api api;
  private final SnapshotEndpoints snapshots;

  /** Backups waiting for the shipment of their base to end; guarded by the cluster lock. */
  private final List<Plan> queue = new ArrayList<>();

  BackupShipping(Api api, SnapshotEndpoints snapshots) {
    this.api = api;
    this.snapshots = snapshots;
  }

  /** What a started backup ships: the snapshot, its node and its base (null: full). */
  record Plan(
      Remote remote,
      ResourceDefinition rd,
      String snapshot,
      String node,
      SnapshotDefinition base,
      long startMillis) {}

  /** Starts a backup; the caller holds the cluster lock. */
  List<Rc> start(Remote.S3 remote, In.BackupCreate body) {
    List<Rc> out = new ArrayList<>();
    ResourceDefinition rd = definition(body.rscName());
    long now = api.cluster.now();
    String snapName = body.snapName();
    if (snapName == null || snapName.isEmpty()) {
      snapName = BackupNames.backupId(now);
      out.add(
          Rc.of(
                  RetCode.info(0, 0),
                  "Generated snapshot name for backup of resource"
                      + rd.name()
                      + " to remote "
                      + remote.name())
              .build());
    }
    SnapshotDefinition existing = rd.snapshots().get(snapName);
    if (existing != null && !existing.flags().contains(SnapshotDefinition.FLAG_SUCCESSFUL)) {
      throw new ApiException(
          Rc.of(
                  RetCode.error(0, RetCode.INVLD_REMOTE_NAME),
                  "The given snapshot was not successful and can therefore not be shipped")
              .build());
    }
    SnapshotDefinition base =
        Boolean.TRUE.equals(body.incremental()) ? incrementalBase(rd, remote) : null;
    String node = chooseNode(rd, base, body.nodeName(), out);
    Plan plan = new Plan(remote, rd, snapName, node, base, now);
    // the base is still being shipped: this one waits in the queue (getNodeForBackupOrQueue)
    boolean queued = base != null && !BackupProps.SUCCESS.equals(statusOf(base, remote.name()));
    SnapshotDefinition snap = existing;
    if (snap == null) {
      out.addAll(
          snapshots.take(
              List.of(
                  new SnapshotEndpoints.Request(
                      rd.name(), snapName, List.of(), false, startProps(plan, queued)))));
      snap = rd.snapshots().get(snapName);
      snap.definitionProps().put(BackupProps.FORCE_INITIAL_SYNC, "True");
    } else {
      snap.props().putAll(startProps(plan, queued));
    }
    rd.props().put(BackupProps.source(remote.name(), BackupProps.LAST_STARTED_OR_QUEUED), snapName);
    out.add(
        Rc.of(
                RetCode.info(0, 0),
                "Shipping of resource "
                    + rd.name()
                    + " to remote "
                    + remote.name()
                    + " in progress.")
            .ref("SnapshotName", snapName)
            .build());
    if (queued) {
      out.add(
          Rc.of(
                  RetCode.warn(0, 0),
                  "Maximum amount of shippings met on all nodes, adding to queue instead")
              .build());
      queue.add(plan);
    } else {
      launch(plan, snap);
    }
    return out;
  }

  static String statusOf(SnapshotDefinition snap, String remote) {
    return snap.props().get(BackupProps.source(remote, BackupProps.STATUS));
  }

  /** Whether the snapshot waits in the queue; the caller holds the cluster lock. */
  boolean isQueued(SnapshotDefinition snap) {
    return queue.stream()
        .anyMatch(p -> p.rd() == snap.definition() && p.snapshot().equals(snap.name()));
  }

  /** The queued backups (a copy); the caller holds the cluster lock. */
  List<Plan> queued() {
    return List.copyOf(queue);
  }

  /** Drops the queued backups of a resource definition; returns them. */
  List<Plan> dequeue(ResourceDefinition rd) {
    List<Plan> gone = queue.stream().filter(p -> p.rd() == rd).toList();
    queue.removeAll(gone);
    return gone;
  }

  /** Starts the backups that waited for {@code done}; a failed base makes them full backups. */
  private void startWaiting(Plan done, SnapshotDefinition doneSnap, boolean succeeded) {
    for (Plan p : List.copyOf(queue)) {
      if (p.rd() != done.rd() || p.base() != doneSnap || !p.remote().equals(done.remote())) {
        continue;
      }
      queue.remove(p);
      SnapshotDefinition snap = p.rd().snapshots().get(p.snapshot());
      if (snap == null) {
        continue;
      }
      Plan now =
          succeeded
              ? p
              : new Plan(p.remote(), p.rd(), p.snapshot(), p.node(), null, p.startMillis());
      String remote = p.remote().name();
      snap.props().put(BackupProps.source(remote, BackupProps.STATUS), BackupProps.SHIPPING);
      snap.props().put(BackupProps.source(remote, BackupProps.SRC_NODE), p.node());
      if (!succeeded) {
        snap.props().remove(BackupProps.source(remote, BackupProps.LAST_SNAPSHOT));
      }
      launch(now, snap);
    }
  }

  ResourceDefinition definition(String name) {
    ResourceDefinition rd = name == null ? null : api.cluster.resourceDefinitions().get(name);
    if (rd == null) {
      throw new ApiException(Lookup.rdNotFound(0, String.valueOf(name)).build());
    }
    return rd;
  }

  /**
   * The snapshot of the last backup to this remote when an incremental backup can build on it: it
   * is still here, its shipment succeeded, its backup is still in the bucket, and the volume sizes
   * did not change (CtrlBackupCreateApiCallHandler.getIncrementalBase); else null (a full backup).
   */
  private SnapshotDefinition incrementalBase(ResourceDefinition rd, Remote.S3 remote) {
    String prevName =
        rd.props().get(BackupProps.source(remote.name(), BackupProps.LAST_STARTED_OR_QUEUED));
    SnapshotDefinition prev = prevName == null ? null : rd.snapshots().get(prevName);
    if (prev == null || prev.flags().contains(SnapshotDefinition.FLAG_DELETE)) {
      return null;
    }
    String status = statusOf(prev, remote.name());
    boolean stillShipping =
        BackupProps.SHIPPING.equals(status)
            || queue.stream().anyMatch(p -> p.rd() == rd && p.snapshot().equals(prev.name()));
    if (stillShipping) {
      return prev;
    }
    if (!BackupProps.SUCCESS.equals(status) || !backupStillInBucket(remote, prev)) {
      return null;
    }
    for (SnapshotDefinition.VolumeSnapshot vs : prev.volumes()) {
      VolumeDefinition vd = rd.volumeDefinitions().get(vs.number());
      if (vd == null || vd.sizeKib() != vs.sizeKib()) {
        return null;
      }
    }
    return prev;
  }

  private boolean backupStillInBucket(Remote.S3 remote, SnapshotDefinition prev) {
    String key = metaName(remote.name(), prev).key();
    try (S3Store store = api.backups.store(remote)) {
      return store.listKeys().contains(key);
    } catch (S3Failure e) {
      return false;
    }
  }

  /** The metadata object name of a snapshot's backup to this remote. */
  static BackupNames.Meta metaName(String remote, SnapshotDefinition snap) {
    String start = snap.props().get(BackupProps.source(remote, BackupProps.START_TIMESTAMP));
    return BackupNames.of(snap.definition().name(), snap.name(), Long.parseLong(start));
  }

  /**
   * A diskful, connected replica on a pool that can ship (BackupNodeFinder.findUsableNodes); for an
   * incremental backup also holding the base snapshot. The preferred node when it qualifies.
   */
  String chooseNode(
      ResourceDefinition rd, SnapshotDefinition base, String preferred, List<Rc> out) {
    List<Rc> refusals = new ArrayList<>();
    List<String> usable = new ArrayList<>();
    for (Resource rsc : rd.diskfulResources()) {
      StoragePool pool = Resources.poolOf(rsc);
      if (pool == null || !rsc.node().online()) {
        continue;
      }
      if (!pool.kind().supportsBackupShipping()) {
        refusals.add(
            Rc.of(
                    RetCode.error(0, RetCode.SNAPSHOT_SHIPPING_NOT_SUPPORTED),
                    "The storage pool kind "
                        + pool.kind().name()
                        + " does not support snapshot shipping")
                .build());
      } else if (base == null || base.nodes().containsKey(rsc.node().name())) {
        usable.add(rsc.node().name());
      }
    }
    if (usable.isEmpty()) {
      refusals.add(
          Rc.of(
                  RetCode.error(0, RetCode.NOT_ENOUGH_NODES),
                  "Backup shipping of resource '"
                      + rd.name()
                      + "' cannot be started since there is no node available that supports backup"
                      + " shipping.")
              .build());
      throw new ApiException(refusals);
    }
    if (preferred == null || preferred.isEmpty()) {
      return usable.get(0);
    }
    for (String node : usable) {
      if (node.equalsIgnoreCase(preferred)) {
        return node;
      }
    }
    out.add(
        Rc.of(
                RetCode.warn(0, 0),
                "Preferred node '"
                    + preferred
                    + "' could not be selected. Choosing '"
                    + usable.get(0)
                    + "' instead.")
            .build());
    return usable.get(0);
  }

  /** The snapshot definition properties a started S3 backup carries. */
  Map<String, String> startProps(Plan plan, boolean queued) {
    String remote = plan.remote().name();
    Map<String, String> props = new TreeMap<>();
    props.put(BackupProps.source(remote, BackupProps.START_TIMESTAMP), "" + plan.startMillis());
    props.put(BackupProps.source(remote, BackupProps.TARGET_REMOTE), remote);
    if (!queued) {
      // startShipping sets these once a node takes the shipment
      props.put(BackupProps.source(remote, BackupProps.SRC_NODE), plan.node());
      props.put(BackupProps.source(remote, BackupProps.STATUS), BackupProps.SHIPPING);
    }
    props.put(BackupProps.NODE_IDS_TO_RESET, nodeIds(plan.rd()));
    String lastFull = "" + plan.startMillis();
    if (plan.base() != null) {
      props.put(BackupProps.source(remote, BackupProps.LAST_SNAPSHOT), plan.base().name());
      lastFull =
          plan.base()
              .props()
              .getOrDefault(BackupProps.source(remote, BackupProps.LAST_FULL_TIMESTAMP), lastFull);
    }
    props.put(BackupProps.source(remote, BackupProps.LAST_FULL_TIMESTAMP), lastFull);
    return props;
  }

  private static String nodeIds(ResourceDefinition rd) {
    List<String> ids = new ArrayList<>();
    for (Resource rsc : rd.diskfulResources()) {
      ids.add(String.valueOf(rsc.nodeId()));
    }
    return String.join(",", ids);
  }

  // ------------------------------------------------------------------ the shipment

  private void launch(Plan plan, SnapshotDefinition snap) {
    BlockStore store = api.cluster.store();
    Map<Integer, Object> handles = new TreeMap<>(snap.backings());
    Map<Integer, Object> baseHandles =
        plan.base() == null ? Map.of() : new TreeMap<>(plan.base().backings());
    BackupNames.Meta name = BackupNames.of(plan.rd().name(), plan.snapshot(), plan.startMillis());
    BackupMeta template = metaTemplate(plan, snap);
    api.backups
        .shipments()
        .start(
            plan.remote().name(),
            plan.rd().name(),
            plan.snapshot(),
            plan.node(),
            Shipment.Direction.SEND,
            plan.base() == null ? null : plan.base().name(),
            plan.startMillis(),
            VolumeCopy.bytesOf(store, handles.values()),
            shipment -> upload(plan, name, template, handles, baseHandles, shipment),
            shipment -> finished(plan, snap, shipment));
  }

  private void upload(
      Plan plan,
      BackupNames.Meta name,
      BackupMeta template,
      Map<Integer, Object> handles,
      Map<Integer, Object> baseHandles,
      Shipment shipment)
      throws Shipment.Stopped, java.io.IOException {
    BlockStore store = api.cluster.store();
    Map<Integer, List<BackupMeta.VolumeObject>> objects = new TreeMap<>();
    try (S3Store s3 = api.backups.store((Remote.S3) plan.remote())) {
      for (Map.Entry<Integer, Object> e : handles.entrySet()) {
        java.nio.file.Path data =
            VolumeCopy.stream(store, e.getValue(), baseHandles.get(e.getKey()), shipment);
        String key = name.volumeKey(e.getKey());
        try {
          s3.putFile(key, data);
        } finally {
          java.nio.file.Files.deleteIfExists(data);
        }
        objects.put(
            e.getKey(), List.of(new BackupMeta.VolumeObject(key, api.cluster.now(), plan.node())));
      }
      shipment.await(0);
      s3.put(name.key(), finish(template, objects).toJson());
    }
  }

  private BackupMeta finish(BackupMeta t, Map<Integer, List<BackupMeta.VolumeObject>> objects) {
    return new BackupMeta(
        t.rscName(),
        t.nodeName(),
        t.startTimestamp(),
        api.cluster.now(),
        t.basedOn(),
        t.layerData(),
        t.rscDfn(),
        t.rsc(),
        objects,
        t.clusterId(),
        t.snapDfnUuid());
  }

  /** The metadata of the backup, as the satellite fills it (BackupShippingUtils.fillPojo). */
  BackupMeta metaTemplate(Plan plan, SnapshotDefinition snap) {
    Map<Integer, BackupMeta.VlmDfn> vlmDfns = new TreeMap<>();
    Map<Integer, BackupMeta.Vlm> vlms = new TreeMap<>();
    for (SnapshotDefinition.VolumeSnapshot vs : snap.volumes()) {
      vlmDfns.put(vs.number(), new BackupMeta.VlmDfn(Map.of(), vs.props(), 0, vs.sizeKib()));
      vlms.put(vs.number(), new BackupMeta.Vlm(Map.of(), Map.of(), 0));
    }
    NodeSnapshot ns = snap.nodes().get(plan.node());
    Map<String, String> rscProps = new TreeMap<>(ns == null ? Map.of() : ns.resourceProps());
    if (ns != null && ns.storagePool() != null) {
      rscProps.put(Resources.PROP_STOR_POOL, ns.storagePool());
    }
    String basedOn = plan.base() == null ? null : metaName(plan.remote().name(), plan.base()).key();
    return new BackupMeta(
        plan.rd().name(),
        plan.node(),
        plan.startMillis(),
        0,
        basedOn,
        // the layer stack travels with the backup so a restore rebuilds it
        // (BackupShippingUtils.fillPojo puts the resource's layer data into the metadata)
        plan.rd().layerStack().isEmpty()
            ? null
            : BackupMeta.LayerData.ofStack(plan.rd().layerStack()),
        new BackupMeta.RscDfn(
            withoutShippingProps(snap.props()), snap.definitionProps(), 0, vlmDfns),
        new BackupMeta.Rsc(Map.of(), rscProps, 0, vlms),
        Map.of(),
        api.clusterId(),
        snap.uuid().toString());
  }

  /** BackupShippingUtils.getSnapDfnProps leaves the shipping namespace out. */
  private static Map<String, String> withoutShippingProps(Map<String, String> props) {
    Map<String, String> out = new LinkedHashMap<>();
    props.forEach(
        (k, v) -> {
          if (!k.startsWith(BackupProps.NAMESPACE + "/")) {
            out.put(k, v);
          }
        });
    return out;
  }

  /**
   * Records the outcome on the snapshot (ShippingStatus Success, Failed or Aborted) and, on
   * success, the resource definition's last shipped snapshot
   * (CtrlBackupShippingSentInternalCallHandler.shippingSent).
   */
  void finished(Plan plan, SnapshotDefinition snap, Shipment shipment) {
    api.cluster.locked(
        () -> {
          String remote = plan.remote().name();
          String status =
              switch (shipment.outcome()) {
                case SUCCEEDED -> BackupProps.SUCCESS;
                case ABORTED -> BackupProps.ABORTED;
                default -> BackupProps.FAILED;
              };
          if (plan.rd().snapshots().get(snap.name()) == snap) {
            snap.props().put(BackupProps.source(remote, BackupProps.STATUS), status);
          }
          if (status.equals(BackupProps.SUCCESS)) {
            plan.rd()
                .props()
                .put(BackupProps.source(remote, BackupProps.LAST_SNAPSHOT), snap.name());
          }
          startWaiting(plan, snap, status.equals(BackupProps.SUCCESS));
          api.backups.dropIdleMarkedRemotes();
        });
  }
}
