package io.linstorcsi.controller.backups;

import io.linstorcsi.linstor.model.Backup;
import io.linstorcsi.linstor.model.Snapshot;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a shipment stands, from what LINSTOR shows: the backup entries on an S3 remote, and the
 * local snapshot's shipping marks. LINSTOR 1.33 and later keep the state in the snapshot
 * definition's {@code BackupShipping/Source/<remote>/ShippingStatus}, older ones in the flags
 * SHIPPING, SHIPPED and SHIPPING_ABORT (piraeusdatastore/linstor-csi pkg/client/linstor.go
 * GetSnapshotRemoteAndReadiness reads the same two).
 */
enum ShipmentState {
  /** No trace of it: nothing was started, or a failed attempt was cleaned up. */
  NONE,
  RUNNING,
  COMPLETE,
  /** LINSTOR reports it failed or aborted. */
  FAILED,
  /**
   * A snapshot that no shipment started from and none waits for: the shipment died with LINSTOR
   * before it recorded anything, or the driver died between snapshot and shipment.
   */
  INTERRUPTED;

  static final String SOURCE_PREFIX = "BackupShipping/Source/";

  /** The state from an S3 remote's backup entries of the snapshot and the local snapshot. */
  static ShipmentState of(String remote, List<Backup> backups, Optional<Snapshot> local) {
    if (backups.stream().anyMatch(Backup::succeeded)) {
      return COMPLETE;
    }
    if (backups.stream().anyMatch(Backup::inProgress)) {
      return RUNNING;
    }
    ShipmentState marks = local.map(s -> fromMarks(remote, s)).orElse(NONE);
    if (!backups.isEmpty() && marks != RUNNING) {
      // the remote's own entry is the truth for S3: it says neither complete nor running
      return FAILED;
    }
    if (marks == NONE && local.isPresent()) {
      // a snapshot without shipping marks: queued behind another shipment, or interrupted; the
      // caller asks LINSTOR's queue to tell them apart
      return INTERRUPTED;
    }
    return marks;
  }

  /** The state from the local snapshot's shipping marks only (LINSTOR remotes). */
  static ShipmentState fromMarks(String remote, Snapshot s) {
    String status = s.snapshotDefinitionProps().get(SOURCE_PREFIX + remote + "/ShippingStatus");
    if (status != null && !status.isEmpty()) {
      String v = status.toLowerCase(Locale.ROOT);
      if (v.equals("success")) {
        return COMPLETE;
      }
      if (v.contains("fail") || v.contains("abort")) {
        return FAILED;
      }
      return RUNNING;
    }
    List<String> flags = s.flags();
    if (flags.contains("SHIPPING_ABORT")) {
      return FAILED;
    }
    if (flags.contains("SHIPPED")) {
      return COMPLETE;
    }
    if (flags.contains("SHIPPING")) {
      return RUNNING;
    }
    if (flags.contains("FAILED_DEPLOYMENT") || flags.contains("FAILED_DISCONNECT")) {
      return FAILED;
    }
    return NONE;
  }
}
