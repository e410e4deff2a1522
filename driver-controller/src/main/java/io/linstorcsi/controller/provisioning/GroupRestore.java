package io.linstorcsi.controller.provisioning;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.controller.consistency.ConsistencyGroup;
import io.linstorcsi.controller.consistency.Members;
import io.linstorcsi.controller.ids.SnapshotId;
import io.linstorcsi.controller.ids.VolumeId;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.model.ResourceDefinition;
import io.linstorcsi.linstor.model.Snapshot;
import io.linstorcsi.linstor.model.SnapshotVolumeDefinition;
import io.linstorcsi.linstor.model.VolumeDefinition;
import io.linstorcsi.linstor.model.VolumeDefinitionModify;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Copies of consistency groups. LINSTOR restores (and clones) whole resource definitions, so a copy
 * of one member brings every member's volume: a claim of a new group claims the volume its snapshot
 * id names, an ordinary claim keeps only its own volume.
 */
final class GroupRestore {
  private final SnapshotRestorer restorer;

  GroupRestore(SnapshotRestorer restorer) {
    this.restorer = restorer;
  }

  /**
   * A member restored from a snapshot of a group: LINSTOR restores a whole definition, so the first
   * member restored brings every volume of the snapshot; each member claims the number its snapshot
   * id names (Go driver restoreConsistencyGroupVolume). Volumes that no claim asks for are left
   * unmarked, so they go with the last member.
   */
  VolumeId restore(
      LinstorClient client,
      CreateRequest req,
      ConsistencyGroup group,
      String member,
      SnapshotId sid,
      long bytes)
      throws InterruptedException {
    String rdName = group.resourceName();
    VolumeId id = new VolumeId(rdName, sid.volumeNumber());
    Map<Integer, String> inherited = snapshotMembers(client, sid);
    Optional<ResourceDefinition> existing = VolumeLookup.definition(client, rdName);
    if (existing.isPresent()) {
      GroupMemberCreator.checkSameGroup(req, existing.get(), group);
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
    ResourceDefinition rd = GroupMemberCreator.definition(client, rdName);
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
    for (String key : List.of(ConsistencyGroup.DEFINITION_PROP, GroupMemberCreator.NEXT_NUMBER)) {
      if (rd.get().props().containsKey(key)) {
        clear.add(key);
      }
    }
    return clear;
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
}
