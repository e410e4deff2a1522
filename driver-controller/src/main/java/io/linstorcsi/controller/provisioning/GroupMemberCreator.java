package io.linstorcsi.controller.provisioning;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.controller.ControllerConfig;
import io.linstorcsi.controller.consistency.ConsistencyGroup;
import io.linstorcsi.controller.consistency.Members;
import io.linstorcsi.controller.ids.SnapshotId;
import io.linstorcsi.controller.ids.VolumeId;
import io.linstorcsi.controller.params.Layer;
import io.linstorcsi.controller.params.VolumeParameters;
import io.linstorcsi.controller.placement.Placement;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.model.ResourceDefinition;
import io.linstorcsi.linstor.model.ResourceDefinitionCreate;
import io.linstorcsi.linstor.model.Snapshot;
import io.linstorcsi.linstor.model.SnapshotVolumeDefinition;
import io.linstorcsi.linstor.model.VolumeDefinition;
import io.linstorcsi.linstor.model.VolumeDefinitionCreate;
import io.linstorcsi.linstor.model.VolumeDefinitionModify;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CreateVolume for a claim of a consistency group: the claim becomes one volume number of the
 * group's shared resource definition, marked with the claim's CSI volume name so that a retry finds
 * the number it reserved (Go driver pkg/client/linstor.go CreateConsistencyGroupVolume). Replicas
 * are per definition, so every member lives on the same nodes and DRBD keeps write order across the
 * members. Nothing here ever deletes the shared definition or another member's volume.
 */
final class GroupMemberCreator {
  /**
   * On the group's definition: the lowest volume number not yet handed out. Numbers are never
   * reused while the definition lives, so a late retry of a member's DeleteVolume can never remove
   * a newer member that happened to get the same number.
   */
  static final String NEXT_NUMBER = "Aux/csi-next-volume-number";

  private final ControllerConfig config;
  private final ResourceGroups groups;
  private final SnapshotRestorer restorer;
  private final ConnectionWait connections;

  GroupMemberCreator(
      ControllerConfig config,
      ResourceGroups groups,
      SnapshotRestorer restorer,
      ConnectionWait connections) {
    this.config = config;
    this.groups = groups;
    this.restorer = restorer;
    this.connections = connections;
  }

  /**
   * @param req the request; its id names the group's definition, its volume number is ignored
   * @param member the CSI volume name (the PV name) that marks the member's volume definition
   */
  CreatedVolume create(
      LinstorClient client, CreateRequest req, ConsistencyGroup group, String member)
      throws InterruptedException {
    VolumeParameters params = req.params();
    long bytes = req.range().allocationBytes(req.fsType());
    groups.ensure(client, params.resourceGroup(), params.resourceGroupSpec());
    VolumeId id =
        switch (req.source()) {
          case ContentSource.Empty e -> reserve(client, req, group, member, bytes);
          case ContentSource.FromSnapshot s -> restore(client, req, group, member, s, bytes);
          case ContentSource.FromVolume v ->
              throw CsiError.invalidArgument(
                  "cloning volume "
                      + v.volume()
                      + " into consistency group "
                      + group
                      + " is not supported: restore the group from a snapshot of it, or clone"
                      + " into a claim without the "
                      + ConsistencyGroup.LABEL
                      + " label");
        };
    ResourceDefinition rd = definition(client, id.resourceName());
    boolean alone = !Members.othersThan(rd, id.volumeNumber());
    LinstorCluster cluster =
        LinstorCluster.forExisting(client, rd.name(), params, config.propertyNamespace(), null);
    Placement.forPolicy(params.placementPolicy()).place(params, req.topology(), cluster);
    if (params.hasLayer(Layer.DRBD) && cluster.diskfulNodes().size() > 1) {
      // Replicas that cannot connect are discarded only while no other member lives on them.
      connections.await(client, id, alone);
    }
    complete(client, rd, group);
    return new CreatedVolume(
        id,
        Math.max(bytes, VolumeLookup.info(rd, id).sizeBytes()),
        TopologyReporter.report(
            client, params.remoteAccess(), cluster::diskfulNodes, config.propertyNamespace()));
  }

  /** The member's volume number on an empty group: the one reserved earlier, or a new one. */
  private VolumeId reserve(
      LinstorClient client, CreateRequest req, ConsistencyGroup group, String member, long bytes) {
    ResourceDefinition rd = groupDefinition(client, req, group);
    List<Integer> mine = numbersOf(rd, member);
    if (mine.isEmpty()) {
      int number = nextNumber(rd);
      Map<String, String> props = new LinkedHashMap<>();
      props.put(ConsistencyGroup.MEMBER_PROP, member);
      props.putAll(fileSystemProps(req));
      try {
        client
            .volumeDefinitions()
            .create(
                rd.name(),
                VolumeDefinitionCreate.of(
                    new VolumeDefinition(number, bytes / 1024, props, null, null, null)));
      } catch (LinstorException.AlreadyExists e) {
        throw CsiError.aborted(
            "volume " + number + " of consistency group " + group + " was taken meanwhile; retry");
      }
      client
          .resourceDefinitions()
          .modifyProps(rd.name(), Map.of(NEXT_NUMBER, Integer.toString(number + 1)), List.of());
      return new VolumeId(rd.name(), number);
    }
    // Two controllers racing may each have reserved one: all keep the lowest and drop the rest.
    for (int extra : mine.subList(1, mine.size())) {
      try {
        client.volumeDefinitions().delete(rd.name(), extra);
      } catch (LinstorException.NotFound e) {
        // gone already
      }
    }
    VolumeId id = new VolumeId(rd.name(), mine.get(0));
    checkSize(req, VolumeLookup.info(rd, id));
    return id;
  }

  /**
   * A member restored from a snapshot of a group: LINSTOR restores a whole definition, so the first
   * member restored brings every volume of the snapshot; each member claims the number its snapshot
   * id names (Go driver restoreConsistencyGroupVolume). Volumes that no claim asks for are left
   * unmarked, so they go with the last member.
   */
  private VolumeId restore(
      LinstorClient client,
      CreateRequest req,
      ConsistencyGroup group,
      String member,
      ContentSource.FromSnapshot source,
      long bytes)
      throws InterruptedException {
    SnapshotId sid = source.snapshot();
    String rdName = group.resourceName();
    VolumeId id = new VolumeId(rdName, sid.volumeNumber());
    Map<Integer, String> inherited = snapshotMembers(client, sid);
    Optional<ResourceDefinition> existing = VolumeLookup.definition(client, rdName);
    if (existing.isPresent()) {
      checkSameGroup(req, existing.get(), group);
      String holder = Members.of(existing.get()).get(id.volumeNumber());
      boolean claimable =
          holder == null
              || holder.equals(member)
              || holder.equals(inherited.get(id.volumeNumber()));
      if (!claimable
          || (VolumeLookup.volumeDefinition(existing.get(), id.volumeNumber()).isEmpty()
              && !Members.of(existing.get()).isEmpty())) {
        throw CsiError.failedPrecondition(
            "consistency group "
                + group
                + " already has members that were not restored from snapshot "
                + sid
                + "; restore a group snapshot into claims of a new group (another "
                + ConsistencyGroup.LABEL
                + " value)");
      }
    }
    CreateRequest placed =
        new CreateRequest(
            id, req.params(), req.range(), req.fsType(), req.topology(), req.source());
    restorer.fromSnapshot(client, placed, existing.isPresent(), sid, bytes);
    ResourceDefinition rd = definition(client, rdName);
    for (Map.Entry<Integer, String> m : Members.of(rd).entrySet()) {
      if (m.getKey() != id.volumeNumber() && m.getValue().equals(inherited.get(m.getKey()))) {
        // marked by the snapshot's source, not by a claim of this group
        client
            .volumeDefinitions()
            .modify(
                rdName,
                m.getKey(),
                VolumeDefinitionModify.props(Map.of(), List.of(ConsistencyGroup.MEMBER_PROP)));
      }
    }
    client
        .volumeDefinitions()
        .modify(
            rdName,
            id.volumeNumber(),
            VolumeDefinitionModify.props(Map.of(ConsistencyGroup.MEMBER_PROP, member), List.of()));
    return id;
  }

  /**
   * After an ordinary claim was restored from a snapshot of a group member: the volume keeps only
   * its own volume definition and no group marks, so it is an ordinary volume from then on.
   */
  static List<String> leaveGroup(LinstorClient client, VolumeId id) {
    Optional<ResourceDefinition> rd = VolumeLookup.definition(client, id.resourceName());
    if (rd.isEmpty()) {
      return List.of();
    }
    for (VolumeDefinition vd : rd.get().volumeDefinitions()) {
      if (vd.volumeNumber() != null && vd.volumeNumber() != id.volumeNumber()) {
        try {
          client.volumeDefinitions().delete(rd.get().name(), vd.volumeNumber());
        } catch (LinstorException.NotFound e) {
          // gone already
        }
      }
    }
    if (Members.of(rd.get()).containsKey(id.volumeNumber())) {
      client
          .volumeDefinitions()
          .modify(
              rd.get().name(),
              id.volumeNumber(),
              VolumeDefinitionModify.props(Map.of(), List.of(ConsistencyGroup.MEMBER_PROP)));
    }
    List<String> clear = new ArrayList<>();
    for (String key : List.of(ConsistencyGroup.DEFINITION_PROP, NEXT_NUMBER)) {
      if (rd.get().props().containsKey(key)) {
        clear.add(key);
      }
    }
    return clear;
  }

  /** The group's definition, made on first use; a hidden one loses its deleted members first. */
  private ResourceDefinition groupDefinition(
      LinstorClient client, CreateRequest req, ConsistencyGroup group) {
    String rdName = group.resourceName();
    Optional<ResourceDefinition> found = VolumeLookup.definition(client, rdName);
    if (found.isEmpty()) {
      try {
        client
            .resourceDefinitions()
            .create(
                ResourceDefinitionCreate.of(
                    ResourceDefinition.of(
                        rdName,
                        req.params().resourceGroup(),
                        Map.of(ConsistencyGroup.DEFINITION_PROP, group.toString()),
                        null)));
      } catch (LinstorException.AlreadyExists e) {
        // made meanwhile; read below
      }
    }
    ResourceDefinition rd = definition(client, rdName);
    checkSameGroup(req, rd, group);
    if ("true".equals(rd.props().get(Props.DELETED))) {
      // Every member was deleted while snapshots kept the definition: their volumes are no one's.
      for (int number : Members.of(rd).keySet()) {
        try {
          client.volumeDefinitions().delete(rdName, number);
        } catch (LinstorException.NotFound e) {
          // gone already
        }
      }
      rd = definition(client, rdName);
    }
    return rd;
  }

  private static ResourceDefinition definition(LinstorClient client, String rdName) {
    ResourceDefinition rd =
        VolumeLookup.definition(client, rdName)
            .orElseThrow(
                () ->
                    CsiError.aborted(
                        "the definition " + rdName + " of a consistency group vanished; retry"));
    if (Resources.isDeleting(rd.flags())) {
      throw CsiError.aborted(
          "LINSTOR is deleting " + rdName + ", the definition of a consistency group; retry");
    }
    return rd;
  }

  /**
   * One definition has one resource group, so every member must come from the same StorageClass (Go
   * driver ResourceGroupConflictError, answered as INVALID_ARGUMENT).
   */
  private static void checkSameGroup(
      CreateRequest req, ResourceDefinition rd, ConsistencyGroup group) {
    String wanted = req.params().resourceGroup();
    if (rd.resourceGroupName() != null && !rd.resourceGroupName().equals(wanted)) {
      throw CsiError.invalidArgument(
          "all claims of consistency group "
              + group
              + " must use the same StorageClass: the group's resource definition "
              + rd.name()
              + " is in resource group "
              + rd.resourceGroupName()
              + ", this claim's StorageClass asks for "
              + wanted);
    }
  }

  private static void checkSize(CreateRequest req, VolumeInfo info) {
    if (info.sizeBytes() >= 0 && !req.range().accepts(info.sizeBytes())) {
      throw CsiError.alreadyExists(
          "volume "
              + info.id()
              + " exists with "
              + info.sizeBytes()
              + " bytes, outside the range this request asks for");
    }
    if (!info.fsType().isEmpty()
        && !req.fsType().isEmpty()
        && !info.fsType().equals(req.fsType())) {
      throw CsiError.alreadyExists(
          "volume "
              + info.id()
              + " exists with file system "
              + info.fsType()
              + ", not "
              + req.fsType());
    }
  }

  private static List<Integer> numbersOf(ResourceDefinition rd, String member) {
    return Members.of(rd).entrySet().stream()
        .filter(e -> e.getValue().equals(member))
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  private static int nextNumber(ResourceDefinition rd) {
    int next = 0;
    for (VolumeDefinition vd : rd.volumeDefinitions()) {
      if (vd.volumeNumber() != null) {
        next = Math.max(next, vd.volumeNumber() + 1);
      }
    }
    try {
      next = Math.max(next, Integer.parseInt(rd.props().getOrDefault(NEXT_NUMBER, "0")));
    } catch (NumberFormatException e) {
      // written by hand; the volume definitions alone decide
    }
    if (next >= VolumeId.MAX_VOLUMES) {
      throw CsiError.resourceExhausted(
          "consistency group " + rd.name() + " has used every DRBD volume number");
    }
    return next;
  }

  /** The member marks a snapshot copied from its source's volume definitions. */
  private static Map<Integer, String> snapshotMembers(LinstorClient client, SnapshotId sid) {
    Map<Integer, String> out = new HashMap<>();
    if (sid.type() != SnapshotId.Type.IN_CLUSTER) {
      return out; // the restorer gives the proper answer
    }
    Snapshot snap;
    try {
      snap = client.snapshots().get(sid.sourceName(), sid.snapshotName());
    } catch (LinstorException.NotFound e) {
      throw CsiError.notFound("snapshot " + sid + " does not exist");
    }
    if (snap.volumeDefinitions() != null) {
      for (SnapshotVolumeDefinition vd : snap.volumeDefinitions()) {
        Map<String, String> props = vd.volumeDefinitionProps();
        if (vd.volumeNumber() != null
            && props != null
            && props.get(ConsistencyGroup.MEMBER_PROP) != null) {
          out.put(vd.volumeNumber(), props.get(ConsistencyGroup.MEMBER_PROP));
        }
      }
    }
    return out;
  }

  private static Map<String, String> fileSystemProps(CreateRequest req) {
    Map<String, String> props = new LinkedHashMap<>();
    if (req.fsType().equals("ext4") || req.fsType().equals("xfs")) {
      props.put(Props.FS_TYPE, req.fsType());
      if (!req.params().fsOpts().isEmpty()) {
        props.put(Props.FS_MKFS_PARAMS, req.params().fsOpts());
      }
    }
    return props;
  }

  /** The completion mark; the group's own mark replaces what a restore copied from the source. */
  private void complete(LinstorClient client, ResourceDefinition rd, ConsistencyGroup group) {
    Map<String, String> done = new LinkedHashMap<>();
    done.put(Props.COMPLETED_BY, Props.DRIVER_PREFIX + "/" + config.driverVersion());
    done.put(Props.COMPLETED_FOR, rd.name());
    done.put(ConsistencyGroup.DEFINITION_PROP, group.toString());
    List<String> clear = new ArrayList<>();
    // per-claim coordinates do not describe a definition several claims share
    for (String key :
        List.of(Props.DELETED, Props.IN_PROGRESS, Props.PVC_NAME, Props.PVC_NAMESPACE)) {
      if (rd.props().containsKey(key)) {
        clear.add(key);
      }
    }
    client.resourceDefinitions().modifyProps(rd.name(), done, clear);
  }
}
