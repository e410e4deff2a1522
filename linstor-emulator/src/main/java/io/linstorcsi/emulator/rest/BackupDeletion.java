package io.linstorcsi.emulator.rest;

import io.linstorcsi.emulator.backup.BackupCatalog;
import io.linstorcsi.emulator.backup.BackupNames;
import io.linstorcsi.emulator.backup.Remote;
import io.linstorcsi.emulator.backup.S3Failure;
import io.linstorcsi.emulator.backup.S3Store;
import io.linstorcsi.emulator.rc.ApiException;
import io.linstorcsi.emulator.rc.Rc;
import io.linstorcsi.emulator.rc.RetCode;
import io.linstorcsi.emulator.state.Cluster;
import io.linstorcsi.emulator.state.ResourceDefinition;
import io.linstorcsi.emulator.state.SnapshotDefinition;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which S3 objects and local snapshots a backup deletion removes (CtrlBackupApiCallHandler
 * deleteBackups, addToDeleteList): a backup goes with its volume objects and the local snapshot it
 * was shipped from (unless keep_snaps); a backup that others are based on goes only with {@code
 * cascading}, which takes the dependents along, else FAIL_DEPENDEND_BACKUP.
 */
final class BackupDeletion {
  private final BackupCatalog catalog;
  private final boolean cascading;
  private final String remote;
  private final Set<String> keys = new LinkedHashSet<>();
  private final Set<BackupCatalog.Entry> backups = new LinkedHashSet<>();
  private final List<Rc> notes = new ArrayList<>();

  private final String localCluster;

  BackupDeletion(BackupCatalog catalog, boolean cascading, String remote, String localCluster) {
    this.catalog = catalog;
    this.cascading = cascading;
    this.remote = remote;
    this.localCluster = localCluster;
  }

  /** {@code id} (exactly one match required) or {@code id_prefix} (any number). */
  void byIdPrefix(String prefix, boolean many) {
    List<BackupCatalog.Entry> matches =
        catalog.backups().values().stream().filter(e -> e.id().startsWith(prefix)).toList();
    if (matches.isEmpty()) {
      notes.add(
          Rc.of(
                  RetCode.warn(0, RetCode.NOT_FOUND),
                  "No backup with id "
                      + (many ? "prefix " : "")
                      + "'"
                      + prefix
                      + "' found on remote '"
                      + remote
                      + "'")
              .build());
      return;
    }
    if (matches.size() > 1 && !many) {
      StringBuilder sb =
          new StringBuilder("Ambigious id '" + prefix + "' for remote '" + remote + "':\n");
      matches.forEach(e -> sb.append("  ").append(e.name().key()).append("\n"));
      notes.add(Rc.of(RetCode.error(0, RetCode.NOT_FOUND_BACKUP), sb.toString()).build());
      return;
    }
    matches.forEach(this::add);
  }

  /** A backup's metadata key, or any key of a backup: the whole backup. */
  void byKey(String key) {
    BackupNames.Meta meta = BackupNames.parseMeta(key);
    BackupCatalog.Entry entry = meta == null ? null : catalog.get(meta.id());
    if (entry == null) {
      for (BackupCatalog.Entry e : catalog.backups().values()) {
        if (e.volumeKeys().contains(key)) {
          entry = e;
        }
      }
    }
    if (entry == null) {
      notes.add(notFoundKeys(List.of(key)));
      return;
    }
    add(entry);
  }

  /**
   * Backups of a resource, from a node, and/or started before {@code timestamp} ({@code
   * yyyyMMdd_HHmmss}; CtrlBackupApiCallHandler.deleteByTimeRscNode).
   */
  void byOrigin(String resource, String node, String timestamp) {
    LocalDateTime before = null;
    if (timestamp != null) {
      try {
        before = LocalDateTime.parse(timestamp, BackupNames.DATE_FORMAT);
      } catch (DateTimeParseException e) {
        throw new ApiException(
            Rc.of(
                    RetCode.error(0, RetCode.INVLD_TIME_PARAM),
                    "Failed to parse '"
                        + timestamp
                        + "'. Expected format: YYYYMMDD_HHMMSS (e.g. 20210824_072543)")
                .build());
      }
    }
    for (BackupCatalog.Entry e : catalog.backups().values()) {
      boolean rscOk = resource == null || resource.equalsIgnoreCase(e.meta().rscName());
      boolean nodeOk = node == null || node.equalsIgnoreCase(e.meta().nodeName());
      boolean timeOk = before == null || before.isAfter(e.name().time());
      if (rscOk && nodeOk && timeOk) {
        add(e);
      }
    }
  }

  /** {@code all} (cascading forced) or {@code all_local_cluster} (this cluster's only). */
  void all(boolean localClusterOnly) {
    String clusterId = localClusterOnly ? localCluster : null;
    for (BackupCatalog.Entry e : catalog.backups().values()) {
      if (clusterId == null || clusterId.equals(e.meta().clusterId())) {
        backups.add(e);
        keys.add(e.name().key());
        keys.addAll(e.volumeKeys());
      }
    }
  }

  private void add(BackupCatalog.Entry entry) {
    if (!backups.add(entry)) {
      return;
    }
    keys.add(entry.name().key());
    keys.addAll(entry.volumeKeys());
    for (BackupCatalog.Entry child : catalog.dependents(entry.id())) {
      if (!cascading) {
        throw new ApiException(
            Rc.of(
                    RetCode.error(0, RetCode.DEPENDEND_BACKUP),
                    entry.name().key()
                        + " should be deleted, but at least "
                        + child.name().key()
                        + " is referencing it. Use --cascading to delete recursively")
                .build());
      }
      add(child);
    }
  }

  /** The local snapshots the deleted backups were shipped from. */
  private List<SnapshotDefinition> localSnapshots(Cluster cluster) {
    List<SnapshotDefinition> out = new ArrayList<>();
    for (BackupCatalog.Entry e : backups) {
      ResourceDefinition rd = cluster.resourceDefinitions().get(e.name().resource());
      SnapshotDefinition snap = rd == null ? null : rd.snapshots().get(e.name().snapshot());
      if (snap != null && snap.uuid().toString().equals(e.meta().snapDfnUuid())) {
        out.add(snap);
      }
    }
    return out;
  }

  List<Rc> dryRun(Cluster cluster, boolean keepSnaps) {
    List<Rc> out = new ArrayList<>();
    if (!keys.isEmpty()) {
      StringBuilder sb = new StringBuilder("Would delete s3 objects:\n");
      keys.forEach(k -> sb.append("  ").append(k).append("\n"));
      out.add(Rc.of(0, sb.toString()).build());
    }
    List<SnapshotDefinition> snaps =
        keepSnaps ? List.of() : cluster.locked(() -> localSnapshots(cluster));
    if (!snaps.isEmpty()) {
      StringBuilder sb = new StringBuilder("Would delete Snapshots:\n");
      snaps.forEach(
          s ->
              sb.append("  Resource: ")
                  .append(s.definition().name())
                  .append(", Snapshot: ")
                  .append(s.name())
                  .append("\n"));
      out.add(Rc.of(0, sb.toString()).build());
    }
    if (out.isEmpty()) {
      out.add(Rc.of(0, "Dryrun mode. Although nothing selected for deletion").build());
    }
    out.addAll(notes);
    return out;
  }

  List<Rc> execute(Api api, Remote.S3 s3, boolean keepSnaps) {
    List<Rc> out = new ArrayList<>();
    if (keys.isEmpty()) {
      out.add(
          Rc.of(RetCode.info(RetCode.BACKUP, RetCode.NOOP), "Could not find any backups to delete.")
              .build());
      out.addAll(notes);
      return out;
    }
    try (S3Store store = api.backups.store(s3)) {
      for (String key : keys) {
        store.delete(key);
      }
    } catch (S3Failure e) {
      throw new ApiException(BackupListEndpoints.s3Error(api, s3, e));
    }
    out.add(Rc.of(RetCode.BACKUP, "Successfully deleted " + List.copyOf(keys)).build());
    out.addAll(notes);
    if (!keepSnaps) {
      api.cluster.locked(
          () -> {
            for (SnapshotDefinition snap : localSnapshots(api.cluster)) {
              snap.definition().snapshots().remove(snap.name());
              snap.backings().values().forEach(h -> api.cluster.store().deleteSnapshot(h));
              out.add(
                  Rc.of(
                          RetCode.success(RetCode.DEL | RetCode.SNAPSHOT, RetCode.DELETED),
                          "Snapshot '"
                              + snap.name()
                              + "' of resource '"
                              + snap.definition().name()
                              + "' deleted.")
                      .build());
            }
          });
    }
    return out;
  }

  private static Rc notFoundKeys(List<String> missing) {
    StringBuilder sb =
        new StringBuilder("The following S3 keys were not found in the given remote:\n");
    missing.forEach(k -> sb.append("  ").append(k).append("\n"));
    return Rc.of(RetCode.warn(0, RetCode.NOT_FOUND), sb.toString()).build();
  }
}
