package io.linstorcsi.controller.provisioning;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.controller.ControllerConfig;
import io.linstorcsi.controller.consistency.ConsistencyGroup;
import io.linstorcsi.controller.consistency.Members;
import io.linstorcsi.controller.ids.VolumeId;
import io.linstorcsi.controller.params.Layer;
import io.linstorcsi.controller.params.VolumeParameters;
import io.linstorcsi.controller.placement.Placement;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.model.ResourceDefinition;
import io.linstorcsi.linstor.model.ResourceDefinitionCreate;
import io.linstorcsi.linstor.model.VolumeDefinition;
import io.linstorcsi.linstor.model.VolumeDefinitionCreate;
import java.util.ArrayList;
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
  private final GroupRestore restores;
  private final ConnectionWait connections;

  GroupMemberCreator(
      ControllerConfig config,
      ResourceGroups groups,
      SnapshotRestorer restorer,
      ConnectionWait connections) {
    this.config = config;
    this.groups = groups;
    this.restores = new GroupRestore(restorer);
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
          case ContentSource.FromSnapshot s ->
              restores.restore(client, req, group, member, s.snapshot(), bytes);
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

  static ResourceDefinition definition(LinstorClient client, String rdName) {
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
  static void checkSameGroup(CreateRequest req, ResourceDefinition rd, ConsistencyGroup group) {
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
