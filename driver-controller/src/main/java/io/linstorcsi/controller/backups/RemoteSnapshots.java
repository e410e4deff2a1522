package io.linstorcsi.controller.backups;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.controller.ids.SnapshotId;
import io.linstorcsi.controller.ids.VolumeId;
import io.linstorcsi.controller.params.SnapshotParameters;
import io.linstorcsi.controller.snapshots.SnapshotInfo;
import io.linstorcsi.linstor.BackupDeleteOptions;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.ListFilter;
import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.model.Backup;
import io.linstorcsi.linstor.model.BackupAbort;
import io.linstorcsi.linstor.model.BackupCreate;
import io.linstorcsi.linstor.model.BackupInfo;
import io.linstorcsi.linstor.model.BackupInfoRequest;
import io.linstorcsi.linstor.model.BackupQueues;
import io.linstorcsi.linstor.model.BackupShip;
import io.linstorcsi.linstor.model.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CreateSnapshot, DeleteSnapshot and ListSnapshots for snapshots shipped to a remote. The snapshot
 * keeps the name the in-cluster one would have, on the source's resource, so every call finds the
 * state of the one shipment by name: LINSTOR's backup entries (S3) and the local snapshot's
 * shipping marks. A call never starts a second shipment while one runs or after one completed.
 */
public final class RemoteSnapshots {
  /**
   * Resource-definition property that remembers a completed shipment to a LINSTOR remote once the
   * local snapshot is gone ({@code delete-local}): that kind of remote has no backup list to ask.
   */
  static final String SHIPPED_PREFIX = "Aux/csi-backup-shipped/";

  private final ShipmentEvents events;
  private final Map<String, Instant> startedAt = new ConcurrentHashMap<>();

  public RemoteSnapshots(ShipmentListener listener) {
    this.events = new ShipmentEvents(listener);
  }

  /** CreateSnapshot of {@code source} to the class's remote; ready once the shipment completed. */
  public SnapshotInfo create(
      LinstorClient client, String requestName, VolumeId source, SnapshotParameters p) {
    String name = SnapshotId.snapshotNameFor(requestName);
    Optional<Snapshot> local = Optional.empty();
    for (Snapshot s : byName(client, name)) {
      if (!s.resourceName().equalsIgnoreCase(source.resourceName())) {
        throw CsiError.alreadyExists(
            "snapshot " + requestName + " exists already, of volume " + s.resourceName());
      }
      local = Optional.of(s);
    }
    RemoteConfig.ensure(client, p);
    SnapshotId id =
        new SnapshotId(
            p.type(), p.remoteName(), source.resourceName(), source.volumeNumber(), name);
    return p.type() == SnapshotId.Type.S3
        ? createS3(client, id, local, p)
        : createLinstor(client, id, local, p);
  }

  private SnapshotInfo createS3(
      LinstorClient client, SnapshotId id, Optional<Snapshot> local, SnapshotParameters p) {
    BackupChain chain = chainWithSecretKeys(client, id, p);
    List<Backup> own = chain.of(id.sourceName(), id.snapshotName());
    Shipment shipment = shipment(id, own.stream().anyMatch(b -> b.baseId() != null));
    switch (ShipmentState.of(id.remote(), own, local)) {
      case COMPLETE -> {
        Backup done = own.stream().filter(Backup::succeeded).findFirst().orElseThrow();
        events.completed(
            shipment, () -> shippedBytes(client, id, done, chain), duration(shipment, done));
        if (p.deleteLocal() && local.isPresent()) {
          deleteLocal(client, id);
        }
        return local
            .map(s -> SnapshotInfo.of(s, id.volumeNumber()).as(id, true))
            .orElseGet(() -> fromBackup(client, id, done));
      }
      case RUNNING -> {
        events.running(shipment);
        return info(client, id, local, false);
      }
      case FAILED -> {
        // cleaned up here and answered as an error, so the VolumeSnapshot shows the failure;
        // the next call finds nothing and starts the shipment again
        String reason =
            own.stream()
                .map(Backup::failMessages)
                .filter(m -> m != null && !m.isBlank())
                .findFirst()
                .orElse("LINSTOR reports the shipment failed or aborted");
        cleanUpS3(client, id, own);
        events.failed(shipment, reason);
        throw RemoteFailures.shipmentFailed(shipment, reason);
      }
      case INTERRUPTED -> {
        if (queued(client, id)) {
          events.running(shipment);
          return info(client, id, local, false);
        }
        cleanUpS3(client, id, own);
        events.failed(shipment, "interrupted before LINSTOR recorded it");
        return startS3(client, id, chain, p);
      }
      case NONE -> {
        return startS3(client, id, chain, p);
      }
    }
    throw new IllegalStateException("unreachable");
  }

  /** True when LINSTOR holds the shipment back until a slot or its base is free. */
  private static boolean queued(LinstorClient client, SnapshotId id) {
    BackupQueues q =
        client
            .backups()
            .queue(
                ListFilter.all().resources(id.sourceName()).snapshots(id.snapshotName()),
                List.of(id.remote()),
                true);
    return q.snapQueues().stream()
            .anyMatch(
                s ->
                    id.snapshotName().equals(s.snapshotName())
                        && id.sourceName().equalsIgnoreCase(s.resourceName()))
        || q.nodeQueues().stream()
            .flatMap(n -> n.queue().stream())
            .anyMatch(s -> id.snapshotName().equals(s.snapshotName()));
  }

  private SnapshotInfo startS3(
      LinstorClient client, SnapshotId id, BackupChain chain, SnapshotParameters p) {
    boolean incremental = chain.nextIncremental(p, id.sourceName(), Instant.now());
    Shipment shipment = shipment(id, incremental);
    try {
      client
          .backups()
          .create(id.remote(), BackupCreate.of(id.sourceName(), id.snapshotName(), incremental));
    } catch (LinstorException.NotFound e) {
      if (e.firstError() == null
          || e.firstError().message().toLowerCase(java.util.Locale.ROOT).contains("resource")) {
        throw CsiError.notFound("source volume " + id.source() + " does not exist");
      }
      throw failedStart(client, id, shipment, e);
    } catch (LinstorException e) {
      throw failedStart(client, id, shipment, e);
    }
    startedAt.put(shipment.toString(), Instant.now());
    events.started(shipment);
    return info(client, id, readLocal(client, id), false);
  }

  /** Nothing half-made stays behind a refused start: the snapshot LINSTOR may have taken goes. */
  private RuntimeException failedStart(
      LinstorClient client, SnapshotId id, Shipment shipment, LinstorException e) {
    RuntimeException mapped = RemoteFailures.of(id.remote(), "starting backup " + shipment, e);
    events.failed(shipment, mapped.getMessage());
    if (!(e instanceof LinstorException.Unavailable u && !u.linstorAnswered())) {
      deleteLocal(client, id);
    }
    return mapped;
  }

  private void cleanUpS3(LinstorClient client, SnapshotId id, List<Backup> own) {
    for (Backup b : own) {
      if (!b.succeeded()) {
        try {
          client.backups().delete(id.remote(), BackupDeleteOptions.id(b.id()));
        } catch (LinstorException.NotFound e) {
          // gone already
        }
      }
    }
    deleteLocal(client, id);
  }

  private SnapshotInfo createLinstor(
      LinstorClient client, SnapshotId id, Optional<Snapshot> local, SnapshotParameters p) {
    Shipment shipment = shipment(id, p.allowIncremental());
    ShipmentState state =
        local.map(s -> ShipmentState.fromMarks(id.remote(), s)).orElse(ShipmentState.NONE);
    if (local.isEmpty() && shippedMark(client, id)) {
      state = ShipmentState.COMPLETE;
    }
    switch (state) {
      case COMPLETE -> {
        events.completed(
            shipment, () -> local.map(s -> sizeOf(s, id)).orElse(0L), duration(shipment, null));
        if (p.deleteLocal() && local.isPresent()) {
          client
              .resourceDefinitions()
              .modifyProps(
                  id.sourceName(),
                  Map.of(SHIPPED_PREFIX + id.snapshotName(), id.remote()),
                  List.of());
          deleteLocal(client, id);
        }
        return info(client, id, local, true);
      }
      case RUNNING -> {
        events.running(shipment);
        return info(client, id, local, false);
      }
      case FAILED -> {
        // the target's copy first: should that fail, the local marks still say what to clean up
        dropDeadCopy(client, id);
        deleteLocal(client, id);
        events.failed(shipment, "LINSTOR reports the shipment failed or aborted");
        throw RemoteFailures.shipmentFailed(
            shipment, "LINSTOR reports the shipment failed or aborted");
      }
      case NONE, INTERRUPTED -> {
        if (local.isPresent() && queued(client, id)) {
          // waits in LINSTOR's queue behind another shipment of the volume
          events.running(shipment);
          return info(client, id, local, false);
        }
        if (local.isPresent()) {
          // a snapshot without a shipment: the shipment died with LINSTOR; start again
          dropDeadCopy(client, id);
          deleteLocal(client, id);
          events.failed(shipment, "interrupted");
        }
        try {
          client
              .backups()
              .ship(
                  id.remote(),
                  BackupShip.snapshot(
                      id.sourceName(),
                      id.snapshotName(),
                      p.linstorTargetStoragePool().isEmpty() ? null : p.linstorTargetStoragePool(),
                      p.allowIncremental()));
        } catch (LinstorException e) {
          throw failedStart(client, id, shipment, e);
        }
        startedAt.put(shipment.toString(), Instant.now());
        events.started(shipment);
        return info(client, id, readLocal(client, id), false);
      }
    }
    throw new IllegalStateException("unreachable");
  }

  /**
   * Removes what a dead shipment left in the target cluster: LINSTOR refuses to receive the same
   * snapshot again while a copy of it is there ("has already been downloaded"), so a restart would
   * fail for good. A copy of this snapshot is never a base of another one yet (only complete copies
   * are bases).
   */
  private static void dropDeadCopy(LinstorClient client, SnapshotId id) {
    Optional<TargetCluster> target = TargetCluster.of(client, id);
    if (target.isEmpty()) {
      return;
    }
    LinstorClient there = target.get().client();
    try {
      Optional<Snapshot> copy = ReceivedSnapshots.find(there, id);
      if (copy.isPresent()) {
        try {
          there.snapshots().delete(copy.get().resourceName(), copy.get().name());
        } catch (LinstorException.NotFound e) {
          // gone already
        }
      }
    } catch (LinstorException e) {
      throw target.get().failure("removing the broken copy of " + id + " before shipping again", e);
    }
  }

  /**
   * CSI spec, DeleteSnapshot: deleting what is gone already is success. An S3 backup that another
   * backup is based on is not deleted: FAILED_PRECONDITION names the dependent snapshots, to be
   * deleted first (newest first), so no chain is left without its base.
   */
  public void delete(LinstorClient client, SnapshotId id) {
    if (id.type() == SnapshotId.Type.S3) {
      Optional<BackupChain> chain;
      try {
        chain = Optional.of(chain(client, id));
      } catch (CsiError e) {
        if (!RemoteConfig.exists(client, id)) {
          // no remote, no backups on it to delete (as the Go driver does)
          chain = Optional.empty();
        } else {
          throw e;
        }
      }
      if (chain.isPresent()) {
        deleteBackups(client, id, chain.get());
      }
    }
    deleteLocal(client, id);
    if (id.type() == SnapshotId.Type.LINSTOR) {
      try {
        client
            .resourceDefinitions()
            .modifyProps(id.sourceName(), Map.of(), List.of(SHIPPED_PREFIX + id.snapshotName()));
      } catch (LinstorException.NotFound e) {
        // the source is gone
      }
    }
  }

  private void deleteBackups(LinstorClient client, SnapshotId id, BackupChain chain) {
    List<Backup> own = chain.of(id.sourceName(), id.snapshotName());
    List<Backup> dependents = chain.dependentsOf(own);
    if (!dependents.isEmpty()) {
      List<String> names =
          dependents.stream()
              .map(
                  b ->
                      new SnapshotId(
                              id.type(),
                              id.remote(),
                              b.originRsc(),
                              id.volumeNumber(),
                              b.originSnap())
                          + " (backup "
                          + b.id()
                          + ")")
              .sorted()
              .toList();
      throw CsiError.failedPrecondition(
          "snapshot "
              + id
              + " is the base of incremental backups on remote "
              + id.remote()
              + ": "
              + String.join(", ", names)
              + "; delete those VolumeSnapshots first, newest first");
    }
    try {
      // a running upload shows in the local snapshot's marks (the bucket lists complete ones)
      boolean running =
          own.stream().anyMatch(Backup::inProgress)
              || readLocal(client, id)
                  .map(s -> ShipmentState.fromMarks(id.remote(), s) == ShipmentState.RUNNING)
                  .orElse(false);
      if (running) {
        client
            .backups()
            .abort(id.remote(), BackupAbort.uploads(id.sourceName(), id.snapshotName()));
      }
      for (Backup b : own) {
        try {
          client.backups().delete(id.remote(), BackupDeleteOptions.id(b.id()));
        } catch (LinstorException.NotFound e) {
          // gone already
        }
      }
    } catch (LinstorException e) {
      throw RemoteFailures.of(id.remote(), "deleting the backup of " + id, e);
    }
  }

  /**
   * ListSnapshots by id: the local copy when this cluster has it, else the complete backup on the
   * remote (a cluster that never saw the original, with a statically provisioned snapshot).
   */
  public Optional<SnapshotInfo> find(LinstorClient client, SnapshotId id) {
    Optional<Snapshot> local = readLocal(client, id);
    if (id.type() == SnapshotId.Type.LINSTOR) {
      // in the source cluster complete once shipped; in the target one, the received copy
      if (local.isPresent() && !BackupDownload.receivedFromARemote(local.get())) {
        return Optional.of(
            info(
                client,
                id,
                local,
                ShipmentState.fromMarks(id.remote(), local.get()) == ShipmentState.COMPLETE));
      }
      return ReceivedSnapshots.find(client, id)
          .map(s -> info(client, id, Optional.of(s), s.successful() && BackupDownload.received(s)));
    }
    if (!RemoteConfig.exists(client, id)) {
      return local.map(s -> info(client, id, local, false));
    }
    Optional<Backup> done =
        chain(client, id).of(id.sourceName(), id.snapshotName()).stream()
            .filter(Backup::succeeded)
            .findFirst();
    if (local.isPresent()) {
      return Optional.of(info(client, id, local, done.isPresent()));
    }
    return done.map(b -> fromBackup(client, id, b));
  }

  private BackupChain chain(LinstorClient client, SnapshotId id) {
    try {
      return listChain(client, id);
    } catch (LinstorException e) {
      throw RemoteFailures.of(id.remote(), "listing the backups of " + id.sourceName(), e);
    }
  }

  /**
   * The chain, read with the snapshotter secret's keys should the remote refuse the ones LINSTOR
   * holds: LINSTOR never returns keys, so a rotation shows only as that refusal, which the first
   * read of every CreateSnapshot meets. Then the remote gets the secret's keys and the read is
   * tried once more; calls with working keys cost nothing extra.
   */
  private BackupChain chainWithSecretKeys(
      LinstorClient client, SnapshotId id, SnapshotParameters p) {
    try {
      return listChain(client, id);
    } catch (LinstorException e) {
      if (!RemoteFailures.credentialsRefused(e) || !RemoteConfig.sendKeys(client, p)) {
        throw RemoteFailures.of(id.remote(), "listing the backups of " + id.sourceName(), e);
      }
    }
    return chain(client, id);
  }

  private static BackupChain listChain(LinstorClient client, SnapshotId id) {
    return new BackupChain(client.backups().list(id.remote(), id.sourceName(), null).linstor());
  }

  private long shippedBytes(LinstorClient client, SnapshotId id, Backup done, BackupChain chain) {
    try {
      long kib = downloadKib(client, id.remote(), id.sourceName(), id.snapshotName());
      Backup base = done.baseId() == null ? null : chain.byId().get(done.baseId());
      if (base != null && base.originSnap() != null) {
        kib -= downloadKib(client, id.remote(), base.originRsc(), base.originSnap());
      }
      return Math.max(0, kib) * 1024;
    } catch (LinstorException e) {
      return 0;
    }
  }

  /** What restoring the chain up to this backup downloads, in KiB. */
  private static long downloadKib(LinstorClient client, String remote, String rsc, String snap) {
    BackupInfo info = client.backups().info(remote, BackupInfoRequest.of(rsc, snap));
    return info.dlSizeKib() == null ? 0 : info.dlSizeKib();
  }

  private Duration duration(Shipment shipment, Backup done) {
    Instant started = startedAt.remove(shipment.toString());
    if (done != null && done.startTimestamp() != null && done.finishedTimestamp() != null) {
      return Duration.ofMillis(Math.max(0, done.finishedTimestamp() - done.startTimestamp()));
    }
    return started == null ? Duration.ZERO : Duration.between(started, Instant.now());
  }

  private SnapshotInfo fromBackup(LinstorClient client, SnapshotId id, Backup b) {
    long bytes = 0;
    try {
      BackupInfo info =
          client
              .backups()
              .info(id.remote(), BackupInfoRequest.of(id.sourceName(), id.snapshotName()));
      bytes = usableBytes(info);
    } catch (LinstorException e) {
      // size unknown: CSI allows 0
    }
    Instant created =
        b.startTimestamp() == null ? Instant.EPOCH : Instant.ofEpochMilli(b.startTimestamp());
    return new SnapshotInfo(id, bytes, created, true);
  }

  /** The restored volume's size from a backup's description (its first volume's usable size). */
  static long usableBytes(BackupInfo info) {
    for (BackupInfo.StorPool pool : info.storpools()) {
      for (BackupInfo.Volume v : pool.vlms()) {
        if (v.usableSizeKib() != null && v.usableSizeKib() > 0) {
          return v.usableSizeKib() * 1024;
        }
      }
    }
    return info.allocSizeKib() == null ? 0 : info.allocSizeKib() * 1024;
  }

  private SnapshotInfo info(
      LinstorClient client, SnapshotId id, Optional<Snapshot> local, boolean ready) {
    return local
        .map(s -> SnapshotInfo.of(s, id.volumeNumber()).as(id, ready))
        .orElseGet(() -> new SnapshotInfo(id, 0, Instant.now(), ready));
  }

  private static long sizeOf(Snapshot s, SnapshotId id) {
    return SnapshotInfo.of(s, id.volumeNumber()).sizeBytes();
  }

  private static Shipment shipment(SnapshotId id, boolean incremental) {
    return new Shipment(id.type(), id.remote(), id.sourceName(), id.snapshotName(), incremental);
  }

  private static boolean shippedMark(LinstorClient client, SnapshotId id) {
    try {
      Map<String, String> props = client.resourceDefinitions().get(id.sourceName()).props();
      return props != null && id.remote().equals(props.get(SHIPPED_PREFIX + id.snapshotName()));
    } catch (LinstorException.NotFound e) {
      return false;
    }
  }

  private static Optional<Snapshot> readLocal(LinstorClient client, SnapshotId id) {
    try {
      return Optional.of(client.snapshots().get(id.sourceName(), id.snapshotName()))
          .filter(s -> !s.flags().contains("DELETE"));
    } catch (LinstorException.NotFound e) {
      return Optional.empty();
    }
  }

  private static void deleteLocal(LinstorClient client, SnapshotId id) {
    try {
      client.snapshots().delete(id.sourceName(), id.snapshotName());
    } catch (LinstorException.NotFound e) {
      // gone already
    }
  }

  private static List<Snapshot> byName(LinstorClient client, String name) {
    return client.snapshots().view(ListFilter.all().snapshots(name)).stream()
        .filter(s -> name.equalsIgnoreCase(s.name()) && !s.flags().contains("DELETE"))
        .toList();
  }
}
