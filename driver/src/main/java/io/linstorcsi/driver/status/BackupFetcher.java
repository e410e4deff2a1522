package io.linstorcsi.driver.status;

import io.linstorcsi.driver.status.BackupInventory.Kind;
import io.linstorcsi.driver.status.BackupInventory.Remote;
import io.linstorcsi.driver.status.BackupInventory.Shipment;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.ListFilter;
import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.model.Backup;
import io.linstorcsi.linstor.model.BackupQueues;
import io.linstorcsi.linstor.model.LinstorRemote;
import io.linstorcsi.linstor.model.RemoteList;
import io.linstorcsi.linstor.model.S3Remote;
import io.linstorcsi.linstor.model.Snapshot;
import io.linstorcsi.linstor.model.SnapshotNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what the backup section needs: {@code GET /v1/remotes}, and only when a remote exists, the
 * shipping queue, the snapshots (for shipments under way and those shipped to another LINSTOR) and
 * each S3 remote's backup list. Keys that LINSTOR might return with a remote are dropped here.
 */
final class BackupFetcher {
  private final LinstorClient client;

  BackupFetcher(LinstorClient client) {
    this.client = client;
  }

  /**
   * @throws LinstorException when LINSTOR cannot be reached; a LINSTOR without the remote endpoints
   *     (older than 1.19) gives an empty inventory
   */
  BackupInventory fetch() {
    RemoteList list;
    try {
      list = client.remotes().list();
    } catch (LinstorException.NotFound tooOld) {
      return BackupInventory.none();
    }
    List<Remote> remotes = remotes(list);
    if (remotes.isEmpty()) {
      return BackupInventory.none();
    }
    Map<String, String> unreadable = new java.util.LinkedHashMap<>();
    List<BackupInventory.Backup> backups = new ArrayList<>();
    for (S3Remote r : list.s3Remotes()) {
      try {
        client.backups().list(r.remoteName(), null, null).linstor().values().stream()
            .map(b -> backup(r.remoteName(), b))
            .forEach(backups::add);
      } catch (LinstorException e) {
        if (e instanceof LinstorException.Unavailable u && !u.linstorAnswered()) {
          throw e; // LINSTOR itself is down: the command reports that
        }
        unreadable.put(r.remoteName(), e.getMessage());
      }
    }
    List<Snapshot> snapshots = client.snapshots().view(ListFilter.all());
    backups.addAll(fromShippingMarks(snapshots, list, backups));
    List<Shipment> shipments = new ArrayList<>(queued());
    shipments.addAll(running(snapshots, backups, shipments));
    // a backup still uploading is a shipment, not (yet) a backup
    List<BackupInventory.Backup> settled =
        backups.stream().filter(b -> b.success() != null).toList();
    return new BackupInventory(remotes, shipments, settled, unreadable);
  }

  private static List<Remote> remotes(RemoteList list) {
    List<Remote> out = new ArrayList<>();
    for (S3Remote r : list.s3Remotes()) {
      out.add(new Remote(r.remoteName(), Kind.S3, r.endpoint(), r.bucket()));
    }
    for (LinstorRemote r : list.linstorRemotes()) {
      out.add(new Remote(r.remoteName(), Kind.LINSTOR, r.url(), null));
    }
    return out;
  }

  private static BackupInventory.Backup backup(String remote, Backup b) {
    Boolean success = b.inProgress() ? null : b.succeeded() ? Boolean.TRUE : Boolean.FALSE;
    return new BackupInventory.Backup(
        remote,
        b.id(),
        b.originRsc(),
        b.originSnap(),
        b.startTimestamp(),
        b.finishedTimestamp(),
        success,
        b.failMessages(),
        b.baseId());
  }

  /**
   * What the local snapshots' shipping marks add to the remotes' own lists. LINSTOR cannot list
   * what another LINSTOR holds, so there a complete mark stands for the backup. A failed or aborted
   * shipment leaves no backup on an S3 remote either; its mark is the only trace until the next
   * attempt cleans it up.
   */
  private static List<BackupInventory.Backup> fromShippingMarks(
      List<Snapshot> snapshots, RemoteList list, List<BackupInventory.Backup> listed) {
    Set<String> linstorRemotes = new HashSet<>();
    list.linstorRemotes().forEach(r -> linstorRemotes.add(r.remoteName()));
    Set<String> known = new HashSet<>();
    listed.forEach(b -> known.add(b.remote() + "/" + b.resource() + "/" + b.snapshot()));
    List<BackupInventory.Backup> out = new ArrayList<>();
    for (Snapshot s : snapshots) {
      Long created = created(s);
      ShippingMarks.of(s)
          .forEach(
              (remote, state) -> {
                boolean complete = state == ShippingMarks.State.COMPLETE;
                boolean failed = state == ShippingMarks.State.FAILED;
                boolean listedThere =
                    known.contains(remote + "/" + s.resourceName() + "/" + s.name());
                if ((complete && linstorRemotes.contains(remote)) || (failed && !listedThere)) {
                  out.add(
                      new BackupInventory.Backup(
                          remote,
                          s.resourceName() + "/" + s.name(),
                          s.resourceName(),
                          s.name(),
                          created,
                          complete ? created : null,
                          complete,
                          failed ? "LINSTOR marks the shipment failed or aborted" : null,
                          null));
                }
              });
    }
    return out;
  }

  private List<Shipment> queued() {
    BackupQueues queues = client.backups().queue(ListFilter.all(), List.of(), true);
    List<Shipment> out = new ArrayList<>();
    for (BackupQueues.SnapQueue q : queues.snapQueues()) {
      out.add(
          new Shipment(
              q.resourceName(),
              q.snapshotName(),
              q.remoteName(),
              q.prefNode(),
              Boolean.TRUE.equals(q.incremental()),
              false,
              q.startTimestamp()));
    }
    return out;
  }

  /**
   * Snapshots LINSTOR flags SHIPPING, and S3 backups it lists as still uploading, each once; those
   * waiting in the queue are not running yet.
   */
  private static List<Shipment> running(
      List<Snapshot> snapshots, List<BackupInventory.Backup> backups, List<Shipment> queued) {
    Set<String> seen = new HashSet<>();
    queued.forEach(q -> seen.add(q.resource() + "/" + q.snapshot()));
    List<Shipment> out = new ArrayList<>();
    for (Snapshot s : snapshots) {
      ShippingMarks.of(s)
          .forEach(
              (remote, state) -> {
                if (state == ShippingMarks.State.RUNNING
                    && seen.add(s.resourceName() + "/" + s.name())) {
                  out.add(
                      new Shipment(
                          s.resourceName(),
                          s.name(),
                          remote,
                          s.nodes().isEmpty() ? null : s.nodes().getFirst(),
                          false,
                          true,
                          created(s)));
                }
              });
    }
    for (BackupInventory.Backup b : backups) {
      if (b.success() == null && seen.add(b.resource() + "/" + b.snapshot())) {
        out.add(
            new Shipment(
                b.resource(),
                b.snapshot(),
                b.remote(),
                null,
                b.basedOn() != null,
                true,
                b.startMillis()));
      }
    }
    return out;
  }

  private static Long created(Snapshot s) {
    return s.snapshots().stream()
        .map(SnapshotNode::createTimestamp)
        .filter(java.util.Objects::nonNull)
        .min(Long::compare)
        .orElse(null);
  }
}
