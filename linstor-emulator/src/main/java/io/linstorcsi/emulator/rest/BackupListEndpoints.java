package io.linstorcsi.emulator.rest;

import io.linstorcsi.emulator.backup.BackupCatalog;
import io.linstorcsi.emulator.backup.BackupMeta;
import io.linstorcsi.emulator.backup.BackupNames;
import io.linstorcsi.emulator.backup.Remote;
import io.linstorcsi.emulator.backup.S3Failure;
import io.linstorcsi.emulator.backup.S3Store;
import io.linstorcsi.emulator.rc.ApiException;
import io.linstorcsi.emulator.rc.Rc;
import io.linstorcsi.emulator.rc.RetCode;
import io.linstorcsi.emulator.server.Call;
import io.linstorcsi.emulator.server.Reply;
import io.linstorcsi.emulator.server.Router;
import io.linstorcsi.emulator.state.ResourceDefinition;
import io.linstorcsi.emulator.state.SnapshotDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a bucket holds: list ({@code GET /v1/remotes/{remote}/backups}) and delete backups, read
 * from S3 each time so backups of other clusters appear (controller/.../backup/
 * CtrlBackupApiCallHandler.java listBackups, deleteBackups).
 */
final class BackupListEndpoints {
  private final Api api;

  BackupListEndpoints(Api api) {
    this.api = api;
  }

  void register(Router router) {
    router.add("GET", "/v1/remotes/{remote_name}/backups", this::list);
    router.add("DELETE", "/v1/remotes/{remote_name}/backups", this::delete);
  }

  /** The remote as an S3 remote, else the controller's errors; the caller holds the lock. */
  static Remote.S3 s3Remote(Api api, String name) {
    Remote remote = name == null ? null : api.backups.remotes().get(name);
    if (remote == null) {
      throw new ApiException(RemoteEndpoints.notFound(String.valueOf(name)));
    }
    if (!(remote instanceof Remote.S3 s3)) {
      throw new ApiException(
          Rc.of(
                  RetCode.error(0, RetCode.INVLD_REMOTE_NAME),
                  "The remote " + remote.name() + " is not an s3 remote.")
              .build());
    }
    return s3;
  }

  /** Reads the bucket; S3 trouble is the controller's unknown-error answer. */
  static BackupCatalog catalog(Api api, Remote.S3 remote) {
    try (S3Store store = api.backups.store(remote)) {
      return BackupCatalog.read(store);
    } catch (S3Failure e) {
      throw new ApiException(s3Error(api, remote, e));
    }
  }

  static Rc s3Error(Api api, Remote.S3 remote, S3Failure e) {
    return Rc.of(
            RetCode.error(RetCode.BACKUP, RetCode.UNKNOWN_ERROR),
            "Failed to access remote '" + remote.name() + "': " + e.kind())
        .cause(e.getMessage())
        .report(api.cluster.newReportId())
        .build();
  }

  // ------------------------------------------------------------------ list

  private Reply list(Call call) {
    Remote.S3 remote = api.cluster.locked(() -> s3Remote(api, call.param("remote_name")));
    String rsc = call.queryFirst("rsc_name");
    String snap = call.queryFirst("snap_name");
    BackupCatalog catalog = catalog(api, remote);
    Map<String, Out.Backup> linstor = new LinkedHashMap<>();
    for (BackupCatalog.Entry e : catalog.backups().values()) {
      if (matches(e.name(), rsc, snap)) {
        linstor.put(e.id(), backup(e));
      }
    }
    api.cluster.locked(
        () -> {
          for (BackupCatalog.Partial p : catalog.partials().values()) {
            if (matches(p.name(), rsc, snap)) {
              linstor.put(p.name().id(), partial(p, remote.name()));
            }
          }
        });
    return Reply.ok(new Out.BackupList(linstor, new Out.BackupOther(catalog.otherKeys())));
  }

  private static boolean matches(BackupNames.Meta name, String rsc, String snap) {
    return (rsc == null || rsc.isEmpty() || rsc.equals(name.resource()))
        && (snap == null || snap.isEmpty() || snap.equalsIgnoreCase(name.snapshot()));
  }

  /** A complete backup (CtrlBackupApiCallHandler.getBackupFromMetadata). */
  private static Out.Backup backup(BackupCatalog.Entry e) {
    BackupMeta meta = e.meta();
    List<Out.BackupVolume> vlms = new ArrayList<>();
    meta.backups()
        .forEach(
            (nr, objects) -> {
              for (BackupMeta.VolumeObject o : objects) {
                vlms.add(
                    new Out.BackupVolume(
                        (long) nr,
                        BackupNames.format(o.finishedTimestamp()),
                        o.finishedTimestamp(),
                        new Out.BackupVolumeS3(o.name())));
              }
            });
    return new Out.Backup(
        e.id(),
        BackupNames.format(meta.startTimestamp()),
        meta.startTimestamp(),
        BackupNames.format(meta.finishTimestamp()),
        meta.finishTimestamp(),
        e.name().resource(),
        e.name().snapshot(),
        meta.nodeName(),
        null,
        vlms,
        true,
        false,
        e.restorable(),
        new Out.BackupS3(e.name().key()),
        meta.basedOn());
  }

  /**
   * Volume objects without metadata (getBackupFromVolumeKey): shipping while the local snapshot's
   * shipment runs, failed when it ended otherwise, unknown without a local snapshot.
   */
  private Out.Backup partial(BackupCatalog.Partial p, String remote) {
    Boolean shipping = null;
    Boolean success = null;
    String node = null;
    ResourceDefinition rd = api.cluster.resourceDefinitions().get(p.name().resource());
    SnapshotDefinition snap = rd == null ? null : rd.snapshots().get(p.name().snapshot());
    if (snap != null) {
      String status = BackupShipping.statusOf(snap, remote);
      node = snap.props().get(BackupProps.source(remote, BackupProps.SRC_NODE));
      shipping = BackupProps.SHIPPING.equals(status);
      success = shipping ? null : false;
    }
    List<Out.BackupVolume> vlms = new ArrayList<>();
    p.volumeKeys()
        .forEach(
            (nr, key) ->
                vlms.add(new Out.BackupVolume((long) nr, null, null, new Out.BackupVolumeS3(key))));
    long start = BackupNames.millisOf(p.name().time());
    return new Out.Backup(
        p.name().id(),
        BackupNames.format(start),
        start,
        null,
        null,
        p.name().resource(),
        p.name().snapshot(),
        node,
        null,
        vlms,
        success,
        shipping,
        false,
        null,
        null);
  }

  // ------------------------------------------------------------------ delete

  private Reply delete(Call call) {
    Remote.S3 remote = api.cluster.locked(() -> s3Remote(api, call.param("remote_name")));
    DeleteSelection selection = DeleteSelection.of(call);
    BackupCatalog catalog = catalog(api, remote);
    BackupDeletion deletion =
        new BackupDeletion(catalog, Api.flag(call, "cascading"), remote.name(), api.clusterId());
    selection.apply(deletion);
    List<Rc> out;
    if (Api.flag(call, "dryrun")) {
      out = deletion.dryRun(api.cluster, Api.flag(call, "keep_snaps"));
    } else {
      out = deletion.execute(api, remote, Api.flag(call, "keep_snaps"));
    }
    return Reply.rc(out, 200);
  }
}
