package io.linstorcsi.controller.provisioning;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.controller.ControllerConfig;
import io.linstorcsi.controller.ids.VolumeId;
import io.linstorcsi.controller.params.Layer;
import io.linstorcsi.controller.placement.Placement;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.ListFilter;
import io.linstorcsi.linstor.error.ApiCallRc;
import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.error.RetCode;
import io.linstorcsi.linstor.model.ResourceDefinition;
import io.linstorcsi.linstor.model.ResourceDefinitionCloneRequest;
import io.linstorcsi.linstor.model.ResourceDefinitionCloneStatus;
import io.linstorcsi.linstor.model.ResourceWithVolumes;
import io.linstorcsi.linstor.model.Volume;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * New volumes copied from a volume. Where LINSTOR can clone every pool of the source it does the
 * copy itself ({@code POST .../clone}): no snapshot is involved, so none can stay behind. LINSTOR
 * clones each replica from its own node's source replica while the source's I/O is suspended,
 * keeping node ids and the copied DRBD metadata (linstor-server
 * controller/.../CtrlRscDfnApiCallHandler.java cloneRscDfn, overrideRscLayerData; satellite
 * DrbdLayer.getCloneSupport passes internal metadata through), so the copies share one DRBD history
 * and connect without a resync. Elsewhere the temporary-snapshot path of {@link SnapshotRestorer}
 * does the copy.
 */
final class VolumeCloner {
  /**
   * LINSTOR's mark on a definition its clone made, naming the source (linstor-server
   * InternalApiConsts KEY_CLONED_FROM); it stays after the clone is complete.
   */
  static final String CLONED_FROM = "cloned-from";

  /**
   * Provider kinds LINSTOR clones (linstor-server server/.../storage/kinds/DeviceProviderKind.java,
   * isCloneSupported: LVM, LVM_THIN, ZFS, ZFS_THIN; FILE and FILE_THIN are refused with "Clone
   * source contains unsupported storage pools" by CtrlRscDfnApiCallHandler, as recorded).
   */
  private static final Set<String> CLONING_KINDS = Set.of("LVM", "LVM_THIN", "ZFS", "ZFS_THIN");

  private final ControllerConfig config;
  private final Waits waits;
  private final SnapshotRestorer restorer;

  VolumeCloner(ControllerConfig config, Waits waits, SnapshotRestorer restorer) {
    this.config = config;
    this.waits = waits;
    this.restorer = restorer;
  }

  SnapshotRestorer.Placed fromVolume(
      LinstorClient client,
      CreateRequest req,
      Optional<ResourceDefinition> existing,
      VolumeId source,
      long bytes)
      throws InterruptedException {
    ResourceDefinition srcDefinition = restorer.sourceVolume(client, req, source);
    long sourceBytes = VolumeLookup.info(srcDefinition, source).sizeBytes();
    long wanted = SnapshotRestorer.checkFits(req, sourceBytes, "source volume " + source, bytes);
    if (existing.isPresent()) {
      // an earlier attempt chose the way; the definition says which
      Map<String, String> props =
          existing.get().props() == null ? Map.of() : existing.get().props();
      if (source.resourceName().equalsIgnoreCase(props.get(CLONED_FROM))) {
        return completeClone(client, req, source, wanted, sourceBytes, null);
      }
      return restorer.viaSnapshot(client, req, true, source, wanted, sourceBytes);
    }
    List<ResourceWithVolumes> replicas =
        client.resources().view(ListFilter.all().resources(source.resourceName())).stream()
            .filter(r -> r.name().equalsIgnoreCase(source.resourceName()))
            .toList();
    if (!canClone(replicas)) {
      return restorer.viaSnapshot(client, req, false, source, wanted, sourceBytes);
    }
    try {
      client.resourceDefinitions().clone(source.resourceName(), cloneRequest(req));
    } catch (LinstorException.AlreadyExists e) {
      // started by an earlier attempt whose answer was lost
    } catch (LinstorException.Invalid e) {
      ApiCallRc why = e.firstError();
      if (why == null || !why.is(RetCode.FAIL_INVLD_PROVIDER)) {
        throw e;
      }
      // a pool the view did not show as such (e.g. a metadata pool): LINSTOR made nothing
      return restorer.viaSnapshot(client, req, false, source, wanted, sourceBytes);
    }
    return completeClone(client, req, source, wanted, sourceBytes, diskfulNodes(replicas));
  }

  /** True when every diskful replica of the source lies on pools LINSTOR can clone. */
  static boolean canClone(List<ResourceWithVolumes> replicas) {
    boolean any = false;
    for (ResourceWithVolumes r : replicas) {
      if (!Resources.isDiskful(r.flags())) {
        continue;
      }
      if (r.volumes() == null || r.volumes().isEmpty()) {
        return false;
      }
      for (Volume v : r.volumes()) {
        if (v.providerKind() == null || !CLONING_KINDS.contains(v.providerKind())) {
          return false;
        }
      }
      any = true;
    }
    return any;
  }

  private static Set<String> diskfulNodes(List<ResourceWithVolumes> replicas) {
    Set<String> nodes = new TreeSet<>();
    replicas.stream()
        .filter(r -> Resources.isDiskful(r.flags()))
        .forEach(r -> nodes.add(r.nodeName()));
    return nodes;
  }

  /**
   * The clone in this request's resource group, marked in progress, without the source's completion
   * and deletion marks. {@code use_zfs_clone} false: a ZFS clone uses "a parent snapshot with
   * clone, which cannot be deleted" (LINSTOR REST API, ResourceDefinitionCloneRequest), and
   * linstor-server CtrlRscDfnApiCallHandler takes UseZfsClone from the group when the request does
   * not say; that snapshot is the leftover this path exists to avoid.
   */
  private static ResourceDefinitionCloneRequest cloneRequest(CreateRequest req) {
    Map<String, String> props = new java.util.LinkedHashMap<>(VolumeCreator.definitionProps(req));
    props.put(Props.IN_PROGRESS, "true");
    return new ResourceDefinitionCloneRequest(
        req.id().resourceName(),
        null,
        false,
        null,
        req.params().resourceGroup(),
        props,
        List.of(Props.COMPLETED_BY, Props.COMPLETED_FOR, Props.DELETED),
        null);
  }

  private SnapshotRestorer.Placed completeClone(
      LinstorClient client,
      CreateRequest req,
      VolumeId source,
      long wanted,
      long sourceBytes,
      Set<String> knownDiskful)
      throws InterruptedException {
    String rd = req.id().resourceName();
    waits.until(
        "LINSTOR's clone of " + source + " into " + rd,
        () -> cloneDone(client, source.resourceName(), rd));
    if (wanted > sourceBytes) {
      client.volumeDefinitions().resize(rd, req.id().volumeNumber(), wanted / 1024);
    }
    LinstorCluster cluster =
        LinstorCluster.forExisting(
                client, rd, req.params(), config.propertyNamespace(), knownDiskful)
            .beforeAddingReplicas(
                req.params().hasLayer(Layer.DRBD)
                    ? () -> SnapshotRestorer.freshPeersFrom(client, rd)
                    : null);
    Placement.forPolicy(req.params().placementPolicy())
        .place(req.params(), req.topology(), cluster);
    return new SnapshotRestorer.Placed(cluster, wanted, false);
  }

  private static boolean cloneDone(LinstorClient client, String source, String rd) {
    ResourceDefinitionCloneStatus status;
    try {
      status = client.resourceDefinitions().cloneStatus(source, rd);
    } catch (LinstorException.NotFound e) {
      throw CsiError.aborted(
          "LINSTOR resource " + rd + " is not a clone of " + source + " (any more); retry");
    }
    if (status.failed()) {
      // Nothing a wait can mend: remove the failed copy so that a retry clones afresh.
      try {
        client.resourceDefinitions().delete(rd);
      } catch (LinstorException.NotFound gone) {
        // already removed
      }
      throw CsiError.aborted(
          "LINSTOR's clone of "
              + source
              + " into "
              + rd
              + " failed (a node offline or a copy failed); it was removed and a retry clones"
              + " again");
    }
    return status.complete();
  }
}
