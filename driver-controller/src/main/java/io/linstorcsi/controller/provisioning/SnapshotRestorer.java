package io.linstorcsi.controller.provisioning;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.controller.ControllerConfig;
import io.linstorcsi.controller.backups.BackupDownload;
import io.linstorcsi.controller.ids.LinstorNames;
import io.linstorcsi.controller.ids.SnapshotId;
import io.linstorcsi.controller.ids.VolumeId;
import io.linstorcsi.controller.params.Layer;
import io.linstorcsi.controller.params.TopologyKeys;
import io.linstorcsi.controller.params.VolumeParameters;
import io.linstorcsi.controller.placement.Placement;
import io.linstorcsi.controller.placement.Topology;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.model.ResourceDefinition;
import io.linstorcsi.linstor.model.ResourceDefinitionCreate;
import io.linstorcsi.linstor.model.Snapshot;
import io.linstorcsi.linstor.model.SnapshotRestore;
import io.linstorcsi.linstor.model.SnapshotVolumeDefinition;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * New volumes with content: restored from a snapshot, or cloned from a volume through a temporary
 * snapshot of it (works on every provider that can snapshot, FILE_THIN included, where LINSTOR's
 * own clone refuses). One restore puts as many replicas as wanted on the snapshot's nodes, so they
 * share DRBD history; replicas the placement policy adds afterwards join as fresh, empty peers.
 */
final class SnapshotRestorer {

  private final ControllerConfig config;
  private final Waits waits;

  SnapshotRestorer(ControllerConfig config, Waits waits) {
    this.config = config;
    this.waits = waits;
  }

  /**
   * Replicas placed and the volume's size; {@code helperSnapshot} when a temporary snapshot of the
   * source must go before the volume counts as complete.
   */
  record Placed(LinstorCluster cluster, long bytes, boolean helperSnapshot) {}

  /** Reads a source snapshot, made and awaited on first use. */
  @FunctionalInterface
  private interface SnapshotSource {
    Snapshot get() throws InterruptedException;
  }

  Placed fromSnapshot(
      LinstorClient client, CreateRequest req, boolean rdExists, SnapshotId id, long bytes)
      throws InterruptedException {
    if (id.type() == SnapshotId.Type.UNKNOWN) {
      // CSI spec, CreateVolume: a source snapshot that does not exist is NOT_FOUND; an id in no
      // format this driver hands out names no snapshot of it.
      throw CsiError.notFound("snapshot " + id + " does not exist");
    }
    String snapshotName = id.snapshotName();
    if (id.type() == SnapshotId.Type.S3 || id.type() == SnapshotId.Type.LINSTOR) {
      // the local copy (downloaded from the remote when this cluster lacks it, or received under
      // the name LINSTOR gave it), then restored like any snapshot: same placement,
      // ForceInitialSync rule and completion marks
      snapshotName =
          BackupDownload.localCopy(
                  client, id, req.topology(), req.params().storagePools(), req.range().limitBytes())
              .name();
    }
    if (diskfulCopies(req) > 1) {
      VolumeLookup.definition(client, id.sourceName())
          .ifPresent(src -> checkSourceReplicates(req, src));
    }
    Snapshot snap = readySnapshot(client, id.sourceName(), snapshotName, "snapshot " + id);
    long snapBytes = snapshotBytes(snap, id.volumeNumber());
    return restore(
        client,
        req,
        rdExists,
        () -> snap,
        checkFits(req, snapBytes, "snapshot " + id, bytes),
        snapBytes);
  }

  /** The source volume of a clone: NOT_FOUND when absent, checked that its copies replicate. */
  ResourceDefinition sourceVolume(LinstorClient client, CreateRequest req, VolumeId source) {
    ResourceDefinition srcDefinition =
        VolumeLookup.definition(client, source.resourceName())
            .filter(d -> VolumeLookup.info(d, source).exists())
            .orElseThrow(() -> CsiError.notFound("source volume " + source + " does not exist"));
    if (diskfulCopies(req) > 1) {
      checkSourceReplicates(req, srcDefinition);
    }
    return srcDefinition;
  }

  /**
   * A copy of a volume through a temporary snapshot of it, restored like any snapshot. The snapshot
   * is made only while the restore still needs it, so a retry after the restore never takes it
   * again; {@link #dropCloneSnapshot} removes it before the volume counts as complete.
   */
  Placed viaSnapshot(
      LinstorClient client,
      CreateRequest req,
      boolean rdExists,
      VolumeId source,
      long wanted,
      long sourceBytes)
      throws InterruptedException {
    String name = cloneSnapshotName(req.id());
    SnapshotSource snap =
        () -> {
          try {
            client.snapshots().get(source.resourceName(), name);
          } catch (LinstorException.NotFound e) {
            try {
              client.snapshots().create(source.resourceName(), name, List.of(), null);
            } catch (LinstorException.AlreadyExists raced) {
              // made by an earlier attempt
            }
          }
          return readySnapshot(client, source.resourceName(), name, "clone of " + source);
        };
    Placed placed = restore(client, req, rdExists, snap, wanted, sourceBytes);
    return new Placed(placed.cluster(), placed.bytes(), true);
  }

  private static int diskfulCopies(CreateRequest req) {
    return Math.max(req.params().placementCount(), req.params().nodeList().size());
  }

  /**
   * LINSTOR restores a snapshot with the layers of its source (linstor-server
   * CtrlSnapshotRestoreApiCallHandler restoreOnNode builds each resource from the snapshot's layer
   * data), and further replicas of the new definition get the stack of the first. A source without
   * DRBD therefore gives copies that nothing keeps in sync, whatever the StorageClass asks.
   */
  private static void checkSourceReplicates(CreateRequest req, ResourceDefinition source) {
    boolean drbd =
        source.layerData() != null
            && source.layerData().stream().anyMatch(l -> "DRBD".equalsIgnoreCase(l.type()));
    if (!drbd) {
      throw CsiError.invalidArgument(
          "the source "
              + source.name()
              + " has no drbd layer, and a volume restored or cloned from it keeps the source's"
              + " layers whatever "
              + VolumeParameters.PARAMETER_NAMESPACE
              + "/layerList says: its "
              + diskfulCopies(req)
              + " copies (parameter "
              + VolumeParameters.PARAMETER_NAMESPACE
              + "/placementCount) would be independent volumes that nothing keeps in sync; use"
              + " a StorageClass with one copy for this restore");
    }
  }

  /**
   * Removes the temporary snapshot of a clone before the clone is marked complete. A failure fails
   * the call, so that OK never leaves a snapshot behind and the retry removes it. (ZFS, whose
   * snapshots its clones depend on, never comes here: {@link VolumeCloner} uses LINSTOR's own clone
   * for it.)
   */
  void dropCloneSnapshot(LinstorClient client, VolumeId source, VolumeId clone) {
    try {
      client.snapshots().delete(source.resourceName(), cloneSnapshotName(clone));
    } catch (LinstorException.NotFound e) {
      // already gone
    }
  }

  static String cloneSnapshotName(VolumeId clone) {
    return LinstorNames.compatible("clone-" + clone.resourceName(), "clone-");
  }

  static long checkFits(CreateRequest req, long sourceBytes, String what, long bytes) {
    if (req.range().limitBytes() > 0 && req.range().limitBytes() < sourceBytes) {
      throw CsiError.outOfRange(
          what
              + " holds "
              + sourceBytes
              + " bytes, more than the requested limit of "
              + req.range().limitBytes()
              + " bytes");
    }
    return Math.max(bytes, sourceBytes);
  }

  private Snapshot readySnapshot(LinstorClient client, String rd, String name, String what)
      throws InterruptedException {
    Snapshot[] current = {get(client, rd, name, what)};
    waits.until(
        what + " to become ready",
        () -> {
          if (BackupDownload.failed(current[0])) {
            throw CsiError.failedPrecondition(what + " failed in LINSTOR and cannot be restored");
          }
          if (SnapshotFlags.ready(current[0].flags()) && BackupDownload.received(current[0])) {
            return true;
          }
          current[0] = get(client, rd, name, what);
          return false;
        });
    return current[0];
  }

  private static Snapshot get(LinstorClient client, String rd, String name, String what) {
    try {
      return client.snapshots().get(rd, name);
    } catch (LinstorException.NotFound e) {
      throw CsiError.notFound(what + " does not exist");
    }
  }

  private static long snapshotBytes(Snapshot snap, int volumeNumber) {
    if (snap.volumeDefinitions() != null) {
      for (SnapshotVolumeDefinition vd : snap.volumeDefinitions()) {
        if (vd.volumeNumber() != null
            && vd.volumeNumber() == volumeNumber
            && vd.sizeKib() != null) {
          return vd.sizeKib() * 1024;
        }
      }
    }
    return 0;
  }

  private Placed restore(
      LinstorClient client,
      CreateRequest req,
      boolean rdExists,
      SnapshotSource source,
      long bytes,
      long snapBytes)
      throws InterruptedException {
    Snapshot snap = null;
    String rd = req.id().resourceName();
    if (!rdExists) {
      try {
        client
            .resourceDefinitions()
            .create(
                ResourceDefinitionCreate.of(
                    new ResourceDefinition(
                        rd,
                        null,
                        inProgress(VolumeCreator.definitionProps(req)),
                        null,
                        null,
                        null,
                        req.params().resourceGroup(),
                        null)));
      } catch (LinstorException.AlreadyExists e) {
        // made by an earlier attempt
      }
    }
    Optional<ResourceDefinition> current =
        rdExists ? VolumeLookup.definition(client, rd) : Optional.empty();
    boolean hasVolume =
        current.flatMap(d -> VolumeLookup.volumeDefinition(d, req.id().volumeNumber())).isPresent();
    if (!hasVolume) {
      snap = source.get();
      try {
        client
            .snapshots()
            .restoreVolumeDefinition(
                snap.resourceName(), snap.name(), SnapshotRestore.to(rd, null));
      } catch (LinstorException.AlreadyExists e) {
        // made by an earlier attempt
      }
    }
    Set<String> known = null;
    boolean hasResources = rdExists && !client.resources().list(rd).isEmpty();
    if (!hasResources) {
      // All replicas in one restore: each keeps its node's snapshot with the DRBD history the
      // snapshots share, so they connect without a resync (recorded in
      // linstor-drbd-recordings/06-resize-snapshot.jsonl). LINSTOR refuses a second restore into
      // a definition with resources, so this is the only chance.
      if (snap == null) {
        snap = source.get();
      }
      List<String> nodes = restoreNodes(snap, req);
      try {
        client
            .snapshots()
            .restoreResources(snap.resourceName(), snap.name(), SnapshotRestore.to(rd, nodes));
        known = Set.copyOf(nodes);
      } catch (LinstorException.AlreadyExists e) {
        // made by an earlier attempt
      }
    }
    if (bytes > snapBytes) {
      client.volumeDefinitions().resize(rd, req.id().volumeNumber(), bytes / 1024);
    }
    LinstorCluster cluster =
        LinstorCluster.forExisting(client, rd, req.params(), config.propertyNamespace(), known)
            .beforeAddingReplicas(
                req.params().hasLayer(Layer.DRBD) ? () -> freshPeersFrom(client, rd) : null);
    Placement.forPolicy(req.params().placementPolicy())
        .place(req.params(), req.topology(), cluster);
    return new Placed(cluster, bytes, false);
  }

  private static Map<String, String> inProgress(Map<String, String> props) {
    Map<String, String> marked = new java.util.LinkedHashMap<>(props);
    marked.put(Props.IN_PROGRESS, "true");
    return marked;
  }

  /**
   * A replica added after the restore would get new DRBD metadata claiming the source's day-0 data,
   * unrelated to the restored replicas' history, and DRBD refuses to connect them (linstor-server
   * DrbdLayer createMetaData; see the rule in CtrlRscCrtApiHelper copyForceInitialSyncProp). With
   * ForceInitialSync set on the definition first, LINSTOR gives it fresh metadata instead, and it
   * syncs from the restored replicas as an empty peer.
   */
  static void freshPeersFrom(LinstorClient client, String rd) {
    client
        .resourceDefinitions()
        .modifyProps(rd, Map.of(Props.FORCE_INITIAL_SYNC, "true"), List.of());
  }

  /**
   * The nodes to restore on: nodes holding the snapshot, the CO's preferred ones (and a manual node
   * list) first, as many as the volume wants diskful replicas.
   */
  static List<String> restoreNodes(Snapshot snap, CreateRequest req) {
    List<String> nodes = snap.nodes() == null ? List.of() : snap.nodes();
    if (nodes.isEmpty()) {
      throw CsiError.failedPrecondition(
          "snapshot " + snap.name() + " of " + snap.resourceName() + " is on no node");
    }
    Set<String> ordered = new LinkedHashSet<>();
    for (Topology t : req.topology().preferred()) {
      String host = t.segments().get(TopologyKeys.HOSTNAME);
      if (host != null && nodes.contains(host)) {
        ordered.add(host);
      }
    }
    req.params().nodeList().stream().filter(nodes::contains).forEach(ordered::add);
    ordered.addAll(nodes);
    int wanted = Math.max(1, diskfulCopies(req));
    return ordered.stream().limit(wanted).toList();
  }
}
