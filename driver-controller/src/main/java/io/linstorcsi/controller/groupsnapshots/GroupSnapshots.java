package io.linstorcsi.controller.groupsnapshots;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.controller.ids.SnapshotId;
import io.linstorcsi.controller.ids.VolumeId;
import io.linstorcsi.controller.provisioning.SnapshotFlags;
import io.linstorcsi.controller.provisioning.VolumeLookup;
import io.linstorcsi.controller.snapshots.SnapshotInfo;
import io.linstorcsi.controller.snapshots.Snapshots;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.ListFilter;
import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.model.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * CreateVolumeGroupSnapshot, GetVolumeGroupSnapshot and DeleteVolumeGroupSnapshot on LINSTOR.
 *
 * <p>All members are taken by one {@code POST /v1/actions/snapshot/multi}: LINSTOR suspends IO on
 * every resource before taking any snapshot, so the group is crash-consistent. LINSTOR registers
 * all snapshot definitions of the request in one transaction, so a refused request leaves none
 * (linstor-server CtrlSnapshotCrtApiCallHandler.createSnapshotInTransaction); a snapshot that fails
 * after registration stays behind flagged FAILED_DEPLOYMENT (abortSnapshot there), so this class
 * deletes the members of a failed take itself, and a retry replaces failed members.
 */
public final class GroupSnapshots {
  private final Snapshots snapshots;

  public GroupSnapshots(Snapshots snapshots) {
    this.snapshots = snapshots;
  }

  /**
   * CSI spec, CreateVolumeGroupSnapshot: the same name with the same sources is the same group
   * (success); with other sources it is ALREADY_EXISTS.
   */
  public GroupSnapshotInfo create(
      LinstorClient client, String requestName, List<VolumeId> sources) {
    String groupId = groupIdFor(requestName);
    Map<String, List<Integer>> volumesByDefinition = byDefinition(sources);
    Set<String> wanted = normalized(sources);

    List<Snapshot> existing = members(client, groupId);
    if (!existing.isEmpty()) {
      GroupSnapshotInfo found = info(groupId, existing);
      if (!normalizedIds(found.sourceIds()).equals(wanted)) {
        throw CsiError.alreadyExists(
            "group snapshot "
                + requestName
                + " exists already, of volumes "
                + new TreeSet<>(found.sourceIds()));
      }
      if (existing.stream().noneMatch(s -> SnapshotFlags.failed(s.flags()))) {
        return found;
      }
      removeAll(client, existing); // a failed take: take it again
    }

    for (String rd : volumesByDefinition.keySet()) {
      if (VolumeLookup.definition(client, rd).isEmpty()) {
        throw CsiError.notFound("source volume " + rd + " does not exist");
      }
    }
    List<Snapshot> entries = new ArrayList<>();
    volumesByDefinition.forEach(
        (rd, volumes) ->
            entries.add(
                new Snapshot(
                    groupId,
                    rd,
                    null,
                    null,
                    GroupProps.of(groupId, volumes),
                    null,
                    null,
                    null,
                    null,
                    null)));
    try {
      client.snapshots().createMulti(entries);
    } catch (LinstorException.NotFound e) {
      throw CsiError.notFound("a source volume does not exist: " + e.getMessage());
    } catch (LinstorException.AlreadyExists e) {
      // another request made this group meanwhile, or a source holds a snapshot of this name
      List<Snapshot> now = members(client, groupId);
      if (!now.isEmpty() && normalizedIds(info(groupId, now).sourceIds()).equals(wanted)) {
        return info(groupId, now);
      }
      throw CsiError.alreadyExists(
          "a snapshot named " + groupId + " exists already on one of the source volumes");
    } catch (LinstorException e) {
      if (e instanceof LinstorException.Unavailable u && !u.linstorAnswered()) {
        // no answer: the take may still succeed; a retry finds it and returns or replaces it
        throw e;
      }
      // LINSTOR refused or aborted the take; its failed snapshots stay registered otherwise
      removeQuietly(client, groupId);
      throw e;
    }

    List<Snapshot> taken = members(client, groupId);
    if (taken.stream().anyMatch(s -> SnapshotFlags.failed(s.flags()))) {
      removeAll(client, taken);
      throw CsiError.aborted(
          "LINSTOR could not take the group snapshot " + groupId + "; nothing kept, retry");
    }
    return info(groupId, taken);
  }

  /**
   * CSI spec, GetVolumeGroupSnapshot: NOT_FOUND when the group does not exist; INVALID_ARGUMENT
   * when {@code snapshotIds} is given and is not the group's member list.
   */
  public GroupSnapshotInfo get(LinstorClient client, String groupId, List<String> snapshotIds) {
    List<Snapshot> members = members(client, groupId);
    if (members.isEmpty()) {
      throw CsiError.notFound("group snapshot " + groupId + " does not exist");
    }
    GroupSnapshotInfo info = info(groupId, members);
    if (!snapshotIds.isEmpty() && !Set.copyOf(snapshotIds).equals(info.memberIds())) {
      throw mismatch(groupId, info);
    }
    return info;
  }

  /**
   * CSI spec, DeleteVolumeGroupSnapshot: an unknown group is success. {@code snapshotIds} must name
   * every remaining member (a superset is accepted, since an interrupted delete removed some
   * already), else INVALID_ARGUMENT and nothing is deleted.
   */
  public void delete(LinstorClient client, String groupId, List<String> snapshotIds) {
    List<Snapshot> members = members(client, groupId);
    if (members.isEmpty()) {
      return;
    }
    GroupSnapshotInfo info = info(groupId, members);
    if (!snapshotIds.isEmpty() && !Set.copyOf(snapshotIds).containsAll(info.memberIds())) {
      throw mismatch(groupId, info);
    }
    removeAll(client, members);
  }

  /** The LINSTOR snapshot name of a group, by the rule ordinary snapshots follow. */
  static String groupIdFor(String requestName) {
    return SnapshotId.snapshotNameFor(requestName);
  }

  /** Best effort: the caller reports the original failure, and a retry removes what is left. */
  private void removeQuietly(LinstorClient client, String groupId) {
    try {
      removeAll(client, members(client, groupId));
    } catch (LinstorException | CsiError e) {
      // the retry's Create finds failed members and removes them first
    }
  }

  private void removeAll(LinstorClient client, List<Snapshot> members) {
    for (Snapshot s : members) {
      snapshots.deleteAsPartOfItsGroup(
          client, SnapshotId.inCluster(VolumeId.of(s.resourceName()), s.name()).toString());
    }
  }

  /** Snapshots of this name whose definition names this group, not being deleted. */
  private static List<Snapshot> members(LinstorClient client, String groupId) {
    return client.snapshots().view(ListFilter.all().snapshots(groupId)).stream()
        .filter(s -> groupId.equalsIgnoreCase(s.name()))
        .filter(s -> groupId.equals(GroupProps.groupOf(s)))
        .filter(s -> !s.flags().contains("DELETE"))
        .toList();
  }

  private static GroupSnapshotInfo info(String groupId, List<Snapshot> members) {
    List<SnapshotInfo> out = new ArrayList<>();
    for (Snapshot s : members) {
      for (int volume : GroupProps.volumesOf(s)) {
        out.add(SnapshotInfo.of(s, volume));
      }
    }
    return GroupSnapshotInfo.of(groupId, out);
  }

  private static Map<String, List<Integer>> byDefinition(List<VolumeId> sources) {
    // LINSTOR names are case-insensitive: one entry per definition however the ids spell it
    Map<String, List<Integer>> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (VolumeId v : sources) {
      List<Integer> volumes = out.computeIfAbsent(v.resourceName(), k -> new ArrayList<>());
      if (!volumes.contains(v.volumeNumber())) {
        volumes.add(v.volumeNumber());
      }
    }
    return out;
  }

  private static Set<String> normalized(List<VolumeId> ids) {
    return normalizedIds(ids.stream().map(VolumeId::toString).collect(Collectors.toSet()));
  }

  /** LINSTOR names are case-insensitive. */
  private static Set<String> normalizedIds(Set<String> ids) {
    return ids.stream().map(i -> i.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
  }

  private static CsiError mismatch(String groupId, GroupSnapshotInfo info) {
    return CsiError.invalidArgument(
        "snapshot_ids do not match group snapshot "
            + groupId
            + ", whose members are "
            + new TreeSet<>(info.memberIds()));
  }
}
