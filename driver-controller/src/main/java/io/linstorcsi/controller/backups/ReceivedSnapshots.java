package io.linstorcsi.controller.backups;

import io.linstorcsi.controller.ids.SnapshotId;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.model.Snapshot;
import io.linstorcsi.linstor.model.SnapshotNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The copies a cluster received from another cluster's shipments ({@code Linstor://} snapshot ids).
 * The driver ships {@code <rd>/<snapshot>} to the same definition name on the target; LINSTOR 1.33
 * names the received snapshot {@code <snapshot>_<short id>}, the short id being the one the target
 * gave the sending cluster and recorded on the snapshot as {@code Backup/FromClusterName}, and
 * records an incremental copy's base as {@code BackupShipping/Target/BackupLastSnapshot}
 * (linstor-server CtrlBackupL2LDstApiCallHandler.startReceivingInTransaction,
 * CtrlBackupRestoreApiCallHandler.restoreBackupL2LInTransaction). A target that kept the name (a
 * cluster shipping to itself) is found too.
 */
public final class ReceivedSnapshots {
  static final String SHORT_ID = "Backup/FromClusterName";
  static final String BASE = "BackupShipping/Target/BackupLastSnapshot";

  private ReceivedSnapshots() {}

  /** The copy of {@code id} this cluster received, if it holds one. */
  public static Optional<Snapshot> find(LinstorClient client, SnapshotId id) {
    return inDefinition(client, id.sourceName()).stream()
        .filter(s -> id.snapshotName().equals(sourceSnapshotOf(s)))
        .findFirst();
  }

  /** Received copies of the same definition whose shipment was an increment on {@code base}. */
  public static List<Snapshot> dependentsOf(LinstorClient client, Snapshot base) {
    return inDefinition(client, base.resourceName()).stream()
        .filter(s -> !s.name().equals(base.name()) && base.name().equals(prop(s, BASE)))
        .toList();
  }

  /** The name the snapshot had in the sending cluster. */
  public static String sourceSnapshotOf(Snapshot received) {
    String shortId = prop(received, SHORT_ID);
    String suffix = shortId == null || shortId.isEmpty() ? "" : "_" + shortId;
    String name = received.name();
    return name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : name;
  }

  private static List<Snapshot> inDefinition(LinstorClient client, String rd) {
    try {
      return client.snapshots().list(rd).stream()
          .filter(s -> BackupDownload.receivedFromARemote(s) && !s.flags().contains("DELETE"))
          .toList();
    } catch (LinstorException.NotFound e) {
      return List.of();
    }
  }

  /**
   * LINSTOR puts the source's snapshot properties on the received snapshot; depending on the
   * version they show on the definition or on the per-node snapshots.
   */
  private static String prop(Snapshot s, String key) {
    return Stream.concat(
            Stream.of(s.snapshotDefinitionProps(), s.props()),
            s.snapshots().stream().map(SnapshotNode::snapshotProps))
        .filter(m -> m != null)
        .map((Map<String, String> m) -> m.get(key))
        .filter(v -> v != null)
        .findFirst()
        .orElse(null);
  }
}
