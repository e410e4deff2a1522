package io.linstorcsi.controller.groupsnapshots;

import io.linstorcsi.controller.snapshots.SnapshotInfo;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A volume group snapshot as CSI reports it.
 *
 * @param id the group's id
 * @param members one snapshot per source volume, sorted by id
 * @param created the earliest creation time of the members
 * @param ready every member is ready
 */
public record GroupSnapshotInfo(
    String id, List<SnapshotInfo> members, Instant created, boolean ready) {

  public GroupSnapshotInfo {
    members = members.stream().sorted(Comparator.comparing(m -> m.id().toString())).toList();
  }

  static GroupSnapshotInfo of(String id, List<SnapshotInfo> members) {
    Instant created =
        members.stream().map(SnapshotInfo::created).min(Instant::compareTo).orElse(Instant.EPOCH);
    boolean ready = !members.isEmpty() && members.stream().allMatch(SnapshotInfo::ready);
    return new GroupSnapshotInfo(id, members, created, ready);
  }

  Set<String> memberIds() {
    return members.stream().map(m -> m.id().toString()).collect(Collectors.toSet());
  }

  Set<String> sourceIds() {
    return members.stream().map(m -> m.id().source().toString()).collect(Collectors.toSet());
  }
}
