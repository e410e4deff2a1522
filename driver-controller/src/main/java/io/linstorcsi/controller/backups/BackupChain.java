package io.linstorcsi.controller.backups;

import io.linstorcsi.controller.params.SnapshotParameters;
import io.linstorcsi.linstor.model.Backup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The incremental chains of one volume's backups on a remote: whether the next backup may be an
 * increment, and which backups depend on a given one. LINSTOR bases a new increment on the newest
 * complete backup of the resource, so the current chain is walked back from there (the same rule as
 * piraeusdatastore/linstor-csi pkg/client/linstor.go backupChainExhausted).
 */
record BackupChain(Map<String, Backup> byId) {

  /**
   * True when the next backup should be an increment: the class allows it and neither {@code
   * max-increments} nor {@code full-snapshot-after} says the chain is long or old enough. Without a
   * complete backup LINSTOR makes a full one anyway.
   */
  boolean nextIncremental(SnapshotParameters p, String resource, Instant now) {
    if (!p.allowIncremental()) {
      return false;
    }
    Backup leaf = null;
    for (Backup b : byId.values()) {
      if (resource.equals(b.originRsc())
          && b.succeeded()
          && (leaf == null || time(b) > time(leaf))) {
        leaf = b;
      }
    }
    if (leaf == null) {
      return true;
    }
    int increments = 0;
    Backup full = null;
    Set<String> seen = new HashSet<>();
    for (Backup cur = leaf; cur != null && seen.add(cur.id()); ) {
      if (cur.baseId() == null) {
        full = cur;
        break;
      }
      increments++;
      cur = byId.get(cur.baseId());
    }
    if (p.maxIncrements() > 0 && increments >= p.maxIncrements()) {
      return false;
    }
    if (!p.fullSnapshotAfter().isZero() && full != null && full.startTimestamp() != null) {
      Duration age = Duration.between(Instant.ofEpochMilli(full.startTimestamp()), now);
      return age.compareTo(p.fullSnapshotAfter()) < 0;
    }
    return true;
  }

  /** The backups of {@code resource}/{@code snapshot}. */
  List<Backup> of(String resource, String snapshot) {
    List<Backup> own = new ArrayList<>();
    for (Backup b : byId.values()) {
      if (resource.equals(b.originRsc()) && snapshot.equals(b.originSnap())) {
        own.add(b);
      }
    }
    return own;
  }

  /** Backups (other than {@code own}) that are increments based on one of {@code own}. */
  List<Backup> dependentsOf(Collection<Backup> own) {
    Set<String> ids = new HashSet<>();
    own.forEach(b -> ids.add(b.id()));
    List<Backup> dependents = new ArrayList<>();
    for (Backup b : byId.values()) {
      if (!ids.contains(b.id()) && b.baseId() != null && ids.contains(b.baseId())) {
        dependents.add(b);
      }
    }
    return dependents;
  }

  private static long time(Backup b) {
    if (b.finishedTimestamp() != null) {
      return b.finishedTimestamp();
    }
    return b.startTimestamp() == null ? 0 : b.startTimestamp();
  }
}
