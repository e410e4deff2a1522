package io.linstorcsi.driver.status;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What LINSTOR reports about off-cluster backups: its remotes, the shipments queued or running, and
 * the backups each remote holds. Kept apart from LINSTOR's REST records so that the backup rule and
 * both renderers are tested on hand-built values; {@link BackupFetcher} fills it.
 *
 * @param remotes every remote LINSTOR knows, keys never included
 * @param shipments snapshots queued for shipping or being shipped now
 * @param backups completed, failed and running backups found on the remotes
 * @param unreadable remotes whose backups could not be listed, with LINSTOR's reason
 */
record BackupInventory(
    List<Remote> remotes,
    List<Shipment> shipments,
    List<Backup> backups,
    Map<String, String> unreadable) {

  BackupInventory {
    remotes = List.copyOf(remotes);
    shipments = List.copyOf(shipments);
    backups = List.copyOf(backups);
    unreadable = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(unreadable));
  }

  /** A LINSTOR without remotes (or one too old to have the endpoints). */
  static BackupInventory none() {
    return new BackupInventory(List.of(), List.of(), List.of(), Map.of());
  }

  /**
   * A LINSTOR remote. {@code target} is where the bytes go: the S3 endpoint, or the other LINSTOR
   * controller's URL; {@code bucket} only for S3.
   */
  record Remote(String name, Kind kind, String target, String bucket) {
    Remote {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(kind, "kind");
    }
  }

  enum Kind {
    S3,
    LINSTOR,
    EBS
  }

  /**
   * A snapshot on its way to a remote. LINSTOR's REST API reports no bytes sent, so how long it has
   * been under way is the progress there is. {@code running} is false while it waits in LINSTOR's
   * queue (LINSTOR ships a limited number at a time per node).
   *
   * @param startMillis when LINSTOR queued or started it, epoch ms, or null when not reported
   */
  record Shipment(
      String resource,
      String snapshot,
      String remote,
      String node,
      boolean incremental,
      boolean running,
      Long startMillis) {}

  /**
   * One backup on a remote.
   *
   * @param success true once complete and restorable; false when it failed (or was aborted); null
   *     while it is still being shipped
   * @param basedOn the id of the backup this increment builds on, null for a full backup
   */
  record Backup(
      String remote,
      String id,
      String resource,
      String snapshot,
      Long startMillis,
      Long finishedMillis,
      Boolean success,
      String failMessages,
      String basedOn) {

    boolean complete() {
      return Boolean.TRUE.equals(success);
    }

    boolean failed() {
      return Boolean.FALSE.equals(success);
    }
  }
}
