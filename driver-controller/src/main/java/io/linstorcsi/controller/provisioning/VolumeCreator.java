package io.linstorcsi.controller.provisioning;

import io.grpc.Status;
import io.linstorcsi.common.CsiError;
import io.linstorcsi.controller.ControllerConfig;
import io.linstorcsi.controller.consistency.ConsistencyGroup;
import io.linstorcsi.controller.ids.VolumeId;
import io.linstorcsi.controller.params.Layer;
import io.linstorcsi.controller.params.VolumeParameters;
import io.linstorcsi.controller.placement.Placement;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.error.ApiCallRc;
import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.model.ResourceDefinition;
import io.linstorcsi.linstor.model.ResourceGroupSpawn;
import io.linstorcsi.linstor.model.SelectFilter;
import io.linstorcsi.linstor.model.VolumeDefinition;
import io.linstorcsi.linstor.model.VolumeDefinitionCreate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CreateVolume on LINSTOR. A new empty volume is one spawn from the StorageClass's resource group
 * (definition, volume definition and replicas), plus whatever the placement policy adds, then the
 * completion mark. Every step first looks at what exists, so a retry after a crash between any two
 * calls finishes the job instead of failing on leftovers.
 */
public final class VolumeCreator {
  private static final int SPAWN_ATTEMPTS = 3;

  private final ControllerConfig config;
  private final ResourceGroups groups;
  private final SnapshotRestorer restorer;
  private final VolumeCloner cloner;
  private final ConnectionWait connections;
  private final GroupMemberCreator members;

  public VolumeCreator(ControllerConfig config, ResourceGroups groups, Waits waits) {
    this.config = config;
    this.groups = groups;
    this.restorer = new SnapshotRestorer(config, waits);
    this.cloner = new VolumeCloner(config, waits, restorer);
    this.connections = new ConnectionWait(waits);
    this.members = new GroupMemberCreator(config, groups, restorer, connections);
  }

  /**
   * CreateVolume for a claim of consistency group {@code group}: a volume of the group's shared
   * definition, marked with {@code member} (the CSI volume name).
   */
  public CreatedVolume createMember(
      LinstorClient client, CreateRequest req, ConsistencyGroup group, String member)
      throws InterruptedException {
    return members.create(client, req, group, member);
  }

  public CreatedVolume create(LinstorClient client, CreateRequest req) throws InterruptedException {
    VolumeParameters params = req.params();
    long bytes = req.range().allocationBytes(req.fsType());
    if (req.source() instanceof ContentSource.Empty) {
      // Most calls make a volume that does not exist yet: spawn straight away and let LINSTOR's
      // "already exists" send the rest (retries, repeated calls) the careful way below.
      groups.ensure(client, params.resourceGroup(), params.resourceGroupSpec());
      try {
        LinstorCluster cluster = place(client, req, bytes, Optional.empty());
        return finish(
            client, req, Optional.empty(), new SnapshotRestorer.Placed(cluster, bytes, false));
      } catch (DefinitionExists e) {
        // fall through
      }
    }
    Optional<ResourceDefinition> existing =
        VolumeLookup.definition(client, req.id().resourceName());
    if (existing.isPresent()) {
      VolumeInfo info = VolumeLookup.info(existing.get(), req.id());
      if (info.exists()) {
        return alreadyThere(client, req, info);
      }
      checkSameGroup(req, info);
    }
    groups.ensure(client, params.resourceGroup(), params.resourceGroupSpec());
    SnapshotRestorer.Placed placed;
    try {
      placed = placeFromSource(client, req, existing, bytes);
    } catch (CsiError refused) {
      if (existing.isEmpty() && refused.code() != Status.Code.UNAVAILABLE) {
        // refused before anything of the volume was made: the class's group goes again when
        // this call made it and no other volume uses it
        groups.removeIfUnused(client, params.resourceGroup());
      }
      throw refused;
    }
    return finish(client, req, existing, placed);
  }

  private SnapshotRestorer.Placed placeFromSource(
      LinstorClient client, CreateRequest req, Optional<ResourceDefinition> existing, long bytes)
      throws InterruptedException {
    return switch (req.source()) {
      case ContentSource.Empty e -> {
        try {
          yield new SnapshotRestorer.Placed(place(client, req, bytes, existing), bytes, false);
        } catch (DefinitionExists raced) {
          throw CsiError.aborted(
              "LINSTOR resource "
                  + req.id().resourceName()
                  + " appeared while this call was creating it; retry");
        }
      }
      case ContentSource.FromSnapshot s ->
          restorer.fromSnapshot(client, req, existing.isPresent(), s.snapshot(), bytes);
      case ContentSource.FromVolume v ->
          cloner.fromVolume(client, req, existing, v.volume(), bytes);
    };
  }

  /**
   * Completes a placed volume: its replicas must be connected before the completion mark, so that
   * OK always means a replicated volume and a retry of a failed call checks again. LINSTOR's answer
   * to the write that placed them may already say so; else they are read.
   */
  private CreatedVolume finish(
      LinstorClient client,
      CreateRequest req,
      Optional<ResourceDefinition> existing,
      SnapshotRestorer.Placed placed)
      throws InterruptedException {
    VolumeParameters params = req.params();
    if (params.hasLayer(Layer.DRBD)
        && placed.cluster().diskfulNodes().size() > 1
        && !placed.cluster().reportedConnected()) {
      // a retry, or a placement whose answers did not say, reads the replicas' connections
      connections.await(client, req.id());
    }
    if (placed.helperSnapshot() && req.source() instanceof ContentSource.FromVolume v) {
      restorer.dropCloneSnapshot(client, v.volume(), req.id());
    }
    Map<String, String> done = new LinkedHashMap<>();
    done.put(Props.COMPLETED_BY, Props.DRIVER_PREFIX + "/" + config.driverVersion());
    done.put(Props.COMPLETED_FOR, req.id().resourceName());
    List<String> clear = new ArrayList<>();
    if (existing
        .map(d -> d.props() != null && d.props().containsKey(Props.DELETED))
        .orElse(false)) {
      clear.add(Props.DELETED);
    }
    if (!(req.source() instanceof ContentSource.Empty)) {
      // a restore copied the source's claim coordinates over this volume's, and the definition
      // carried the in-progress mark since it was made
      done.putAll(claimProps(req));
      clear.add(Props.IN_PROGRESS);
    }
    if (copiesAGroup(req)) {
      // a restore or clone of a consistency group's member copies all members; this volume keeps
      // its own
      clear.addAll(GroupRestore.leaveGroup(client, req.id()));
    }
    client.resourceDefinitions().modifyProps(req.id().resourceName(), done, clear);
    long size = existing.isEmpty() ? placed.bytes() : currentSize(client, req.id(), placed.bytes());
    return new CreatedVolume(
        req.id(),
        size,
        TopologyReporter.report(
            client,
            params.remoteAccess(),
            placed.cluster()::diskfulNodes,
            config.propertyNamespace()));
  }

  /** Whether the source may be a consistency group, whose other members came along. */
  private static boolean copiesAGroup(CreateRequest req) {
    String source =
        switch (req.source()) {
          case ContentSource.Empty e -> null;
          case ContentSource.FromSnapshot s -> s.snapshot().sourceName();
          case ContentSource.FromVolume v -> v.volume().resourceName();
        };
    return source != null
        && (req.id().volumeNumber() != 0 || ConsistencyGroup.mayHoldGroup(source));
  }

  /** LINSTOR already has a definition of that name; the caller reads it and reconciles. */
  private static final class DefinitionExists extends RuntimeException {
    DefinitionExists() {
      super(null, null, false, false);
    }
  }

  /**
   * Places an empty volume. Without {@code existing} the first write spawns the definition; a
   * definition found there already ends the attempt with {@link DefinitionExists}.
   */
  private LinstorCluster place(
      LinstorClient client, CreateRequest req, long bytes, Optional<ResourceDefinition> existing) {
    VolumeParameters params = req.params();
    String rd = req.id().resourceName();
    LinstorCluster cluster;
    if (existing.isEmpty()) {
      cluster =
          LinstorCluster.forNew(
              client,
              rd,
              params,
              config.propertyNamespace(),
              filter -> {
                try {
                  return spawn(client, req, bytes, filter);
                } catch (LinstorException.AlreadyExists e) {
                  throw new DefinitionExists();
                }
              });
    } else {
      reconcileVolumeDefinition(client, existing.get(), req, bytes);
      cluster = LinstorCluster.forExisting(client, rd, params, config.propertyNamespace(), null);
    }
    Placement.forPolicy(params.placementPolicy()).place(params, req.topology(), cluster);
    cluster.ensureDefined();
    return cluster;
  }

  /**
   * Spawns the definition from the resource group. A group deleted meanwhile (the last volume of a
   * generated group went away) is made again and the spawn repeated.
   */
  private List<ApiCallRc> spawn(
      LinstorClient client, CreateRequest req, long bytes, SelectFilter filter) {
    VolumeParameters params = req.params();
    ResourceGroupSpawn body =
        new ResourceGroupSpawn(
            req.id().resourceName(),
            null,
            List.of(bytes / 1024),
            filter,
            true,
            filter == null,
            null,
            definitionProps(req));
    for (int attempt = 1; ; attempt++) {
      try {
        return client.resourceGroups().spawn(params.resourceGroup(), body);
      } catch (LinstorException.NotFound e) {
        if (attempt >= SPAWN_ATTEMPTS) {
          throw e;
        }
        groups.forget(params.resourceGroup());
        groups.ensure(client, params.resourceGroup(), params.resourceGroupSpec());
      }
    }
  }

  /** Properties set on the new definition: file system settings and PVC coordinates. */
  private static Map<String, String> claimProps(CreateRequest req) {
    if (req.params().pvcName().isEmpty() || req.params().pvcNamespace().isEmpty()) {
      return Map.of();
    }
    return Map.of(
        Props.PVC_NAME, req.params().pvcName(), Props.PVC_NAMESPACE, req.params().pvcNamespace());
  }

  static Map<String, String> definitionProps(CreateRequest req) {
    Map<String, String> props = new LinkedHashMap<>();
    if (req.fsType().equals("ext4") || req.fsType().equals("xfs")) {
      // LINSTOR accepts only these two; the node formats other file systems itself.
      props.put(Props.FS_TYPE, req.fsType());
      if (!req.params().fsOpts().isEmpty()) {
        props.put(Props.FS_MKFS_PARAMS, req.params().fsOpts());
      }
    }
    if (!req.params().pvcName().isEmpty() && !req.params().pvcNamespace().isEmpty()) {
      props.put(Props.PVC_NAME, req.params().pvcName());
      props.put(Props.PVC_NAMESPACE, req.params().pvcNamespace());
    }
    return props;
  }

  /** A half-made volume: create the missing volume definition or grow a short one. */
  static void reconcileVolumeDefinition(
      LinstorClient client, ResourceDefinition rd, CreateRequest req, long bytes) {
    Optional<VolumeDefinition> vd = VolumeLookup.volumeDefinition(rd, req.id().volumeNumber());
    if (vd.isEmpty()) {
      client
          .volumeDefinitions()
          .create(
              rd.name(),
              VolumeDefinitionCreate.of(
                  new VolumeDefinition(
                      req.id().volumeNumber(), bytes / 1024, null, null, null, null)));
    } else if (vd.get().sizeKib() == null || vd.get().sizeKib() * 1024 < bytes) {
      client.volumeDefinitions().resize(rd.name(), req.id().volumeNumber(), bytes / 1024);
    }
  }

  private long currentSize(LinstorClient client, VolumeId id, long fallback) {
    return VolumeLookup.definition(client, id.resourceName())
        .map(d -> VolumeLookup.info(d, id).sizeBytes())
        .filter(s -> s > 0)
        .orElse(fallback);
  }

  private static void checkSameGroup(CreateRequest req, VolumeInfo info) {
    if (!info.resourceGroup().isEmpty()
        && !info.resourceGroup().equals(req.params().resourceGroup())
        && !info.hidden()) {
      throw CsiError.alreadyExists(
          "LINSTOR resource "
              + req.id().resourceName()
              + " exists in resource group "
              + info.resourceGroup()
              + ", not "
              + req.params().resourceGroup()
              + " as this request's parameters ask");
    }
  }

  /**
   * CSI spec, CreateVolume: an existing volume of the same name that is compatible with the request
   * is success; an incompatible one is ALREADY_EXISTS.
   */
  private CreatedVolume alreadyThere(LinstorClient client, CreateRequest req, VolumeInfo info) {
    if (!req.range().accepts(info.sizeBytes())) {
      throw CsiError.alreadyExists(
          "volume "
              + req.id()
              + " exists with "
              + info.sizeBytes()
              + " bytes, outside the requested range ["
              + req.range().requiredBytes()
              + ", "
              + (req.range().limitBytes() == 0 ? "unlimited" : req.range().limitBytes())
              + "]");
    }
    if (!info.resourceGroup().equals(req.params().resourceGroup())) {
      throw CsiError.alreadyExists(
          "volume "
              + req.id()
              + " exists with other parameters (resource group "
              + info.resourceGroup()
              + ", requested "
              + req.params().resourceGroup()
              + ")");
    }
    if (!info.fsType().isEmpty()
        && !req.fsType().isEmpty()
        && !info.fsType().equals(req.fsType())) {
      throw CsiError.alreadyExists(
          "volume "
              + req.id()
              + " exists with file system "
              + info.fsType()
              + ", not "
              + req.fsType());
    }
    LinstorCluster cluster =
        LinstorCluster.forExisting(
            client, req.id().resourceName(), req.params(), config.propertyNamespace(), null);
    return new CreatedVolume(
        req.id(),
        info.sizeBytes(),
        TopologyReporter.report(
            client,
            req.params().remoteAccess(),
            cluster::diskfulNodes,
            config.propertyNamespace()));
  }
}
