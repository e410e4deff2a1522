package io.linstorcsi.controller.backups;

import io.linstorcsi.controller.ids.SnapshotId;

/**
 * One snapshot on its way to a remote.
 *
 * @param type S3 or Linstor
 * @param remote the LINSTOR remote's name
 * @param resource the source volume's LINSTOR resource
 * @param snapshot the LINSTOR snapshot name
 * @param incremental shipped as an increment of the previous backup (as far as known)
 */
public record Shipment(
    SnapshotId.Type type, String remote, String resource, String snapshot, boolean incremental) {

  @Override
  public String toString() {
    return type.wire() + "://" + remote + "/" + resource + "/" + snapshot;
  }
}
