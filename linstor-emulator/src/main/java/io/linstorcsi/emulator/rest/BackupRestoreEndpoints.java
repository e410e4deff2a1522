package io.linstorcsi.emulator.rest;

import io.linstorcsi.emulator.backup.BackupCatalog;
import io.linstorcsi.emulator.backup.BackupMeta;
import io.linstorcsi.emulator.backup.Remote;
import io.linstorcsi.emulator.backup.S3Store;
import io.linstorcsi.emulator.backup.Shipment;
import io.linstorcsi.emulator.backup.VolumeStream;
import io.linstorcsi.emulator.block.BlockStore;
import io.linstorcsi.emulator.rc.ApiException;
import io.linstorcsi.emulator.rc.Rc;
import io.linstorcsi.emulator.rc.RetCode;
import io.linstorcsi.emulator.server.Call;
import io.linstorcsi.emulator.server.Reply;
import io.linstorcsi.emulator.server.Router;
import io.linstorcsi.emulator.state.Node;
import io.linstorcsi.emulator.state.Resources;
import io.linstorcsi.emulator.state.SnapshotDefinition;
import io.linstorcsi.emulator.state.StoragePool;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Restores from S3 and what a restore would need: {@code POST .../backups/restore} and {@code
 * .../backups/info} (controller/.../backup/CtrlBackupRestoreApiCallHandler.java,
 * CtrlBackupApiCallHandler.backupInfo). A restore rebuilds each snapshot of the chain from the full
 * backup and the increments up to it.
 */
final class BackupRestoreEndpoints {
  private final Api api;
  private final SnapshotDownload download;

  BackupRestoreEndpoints(Api api, RestoreEndpoints restores) {
    this.api = api;
    this.download = new SnapshotDownload(api, restores);
  }

  void register(Router router) {
    router.add("POST", "/v1/remotes/{remote_name}/backups/restore", this::restore);
    router.add("POST", "/v1/remotes/{remote_name}/backups/info", this::info);
  }

  /** The chain (full backup first) that ends in the backup the request names. */
  private static List<BackupCatalog.Entry> chain(
      BackupCatalog catalog, String lastBackup, String srcRsc, String srcSnap) {
    BackupCatalog.Entry last;
    if (lastBackup != null && !lastBackup.isEmpty()) {
      last = catalog.get(lastBackup);
      if (last == null) {
        throw new ApiException(
            Rc.of(
                    RetCode.error(RetCode.BACKUP, RetCode.INVLD_BACKUP_CONFIG),
                    "The target backup "
                        + lastBackup
                        + ".meta is invalid since it does not exist in the given remote. Please"
                        + " provide a valid target backup, or provide only the source resource name"
                        + " to restore to the latest backup of that resource.")
                .build());
      }
    } else {
      last = srcRsc == null ? null : catalog.latest(srcRsc, srcSnap);
      if (last == null) {
        throw new ApiException(
            Rc.of(
                    RetCode.error(RetCode.BACKUP, RetCode.NOT_FOUND_BACKUP),
                    "Could not find a matching backup for resource '"
                        + srcRsc
                        + "'"
                        + (srcSnap == null ? "" : ", snapshot '" + srcSnap + "'")
                        + " and id '' in remote.")
                .build());
      }
    }
    List<BackupCatalog.Entry> chain = catalog.chain(last.id());
    if (chain == null || chain.stream().anyMatch(e -> !e.restorable())) {
      throw new ApiException(
          Rc.of(
                  RetCode.error(RetCode.BACKUP, RetCode.NOT_FOUND_BACKUP),
                  "Failed to find backup " + last.id() + ": a backup of its chain is missing")
              .build());
    }
    return chain;
  }

  // ------------------------------------------------------------------ restore

  private Reply restore(Call call) {
    In.BackupRestore body = call.body(In.BackupRestore.class);
    Remote.S3 remote =
        api.cluster.locked(() -> BackupListEndpoints.s3Remote(api, call.param("remote_name")));
    if (body.targetRscName() == null || body.nodeName() == null) {
      throw new ApiException(
          Rc.of(
                  RetCode.error(RetCode.BACKUP, RetCode.INVLD_BACKUP_CONFIG),
                  "target_rsc_name and node_name are required")
              .build());
    }
    BackupCatalog catalog = BackupListEndpoints.catalog(api, remote);
    List<BackupCatalog.Entry> chain =
        chain(catalog, body.lastBackup(), body.srcRscName(), body.srcSnapName());
    return api.cluster.locked(
        () -> {
          List<Rc> out = new ArrayList<>();
          List<SnapshotDownload.Source> sources =
              chain.stream()
                  .map(e -> new SnapshotDownload.Source(e.name().snapshot(), e.meta()))
                  .toList();
          SnapshotDownload.Target target =
              download.prepare(
                  body.targetRscName(),
                  body.nodeName(),
                  body.storPoolMap(),
                  sources,
                  Boolean.TRUE.equals(body.downloadOnly()),
                  body.dstRscGrp(),
                  remote.name(),
                  out);
          out.add(
              Rc.of(
                      RetCode.info(0, 0),
                      "Restoring backup of resource "
                          + chain.get(chain.size() - 1).name().resource()
                          + " from remote "
                          + remote.name()
                          + " into resource "
                          + target.rd().name()
                          + " in progress.")
                  .build());
          launch(remote, chain, target);
          return Reply.rc(out, 201); // Backups.restoreBackup answers CREATED
        });
  }

  private void launch(
      Remote.S3 remote, List<BackupCatalog.Entry> chain, SnapshotDownload.Target target) {
    SnapshotDefinition newest = target.snapshots().get(target.snapshots().size() - 1);
    api.backups
        .shipments()
        .start(
            remote.name(),
            target.rd().name(),
            newest.name(),
            target.node(),
            Shipment.Direction.RECEIVE,
            null,
            api.cluster.now(),
            SnapshotDownload.totalBytes(target.snapshots()),
            shipment -> fill(remote, chain, target, shipment),
            shipment -> download.finish(target, BackupProps.statusOf(shipment.outcome())));
  }

  /** Writes into each new snapshot the full backup and the increments up to its own. */
  private void fill(
      Remote.S3 remote,
      List<BackupCatalog.Entry> chain,
      SnapshotDownload.Target target,
      Shipment shipment)
      throws Exception {
    BlockStore store = api.cluster.store();
    try (S3Store s3 = api.backups.store(remote)) {
      for (SnapshotDefinition snap : target.snapshots()) {
        for (BackupCatalog.Entry e : chain) {
          apply(s3, e, snap, store, shipment);
          if (e.name().snapshot().equals(snap.name())) {
            break;
          }
        }
      }
    }
  }

  private static void apply(
      S3Store s3,
      BackupCatalog.Entry e,
      SnapshotDefinition snap,
      BlockStore store,
      Shipment shipment)
      throws Exception {
    for (Map.Entry<Integer, List<BackupMeta.VolumeObject>> v : e.meta().backups().entrySet()) {
      Object handle = snap.backings().get(v.getKey());
      for (BackupMeta.VolumeObject object : v.getValue()) {
        try (InputStream in = s3.open(object.name())) {
          VolumeStream.apply(
              in,
              (offset, data) -> {
                try {
                  shipment.await(data.length);
                } catch (Shipment.Stopped stopped) {
                  throw new StoppedWhileWriting(stopped);
                }
                store.write(handle, offset, data);
              });
        } catch (StoppedWhileWriting stopped) {
          throw stopped.stopped;
        } catch (IOException io) {
          throw new IOException("backup object " + object.name() + " is unreadable", io);
        }
      }
    }
  }

  /** Carries a stop out of the stream's sink. */
  private static final class StoppedWhileWriting extends RuntimeException {
    final Shipment.Stopped stopped;

    StoppedWhileWriting(Shipment.Stopped stopped) {
      super(stopped.getMessage(), null, false, false);
      this.stopped = stopped;
    }
  }

  // ------------------------------------------------------------------ info

  private Reply info(Call call) {
    In.BackupInfoRequest body = call.body(In.BackupInfoRequest.class);
    Remote.S3 remote =
        api.cluster.locked(() -> BackupListEndpoints.s3Remote(api, call.param("remote_name")));
    BackupCatalog catalog = BackupListEndpoints.catalog(api, remote);
    List<BackupCatalog.Entry> chain =
        chain(catalog, body.lastBackup(), body.srcRscName(), body.srcSnapName());
    BackupCatalog.Entry last = chain.get(chain.size() - 1);
    String sourcePool = last.meta().rsc().rscProps().get(Resources.PROP_STOR_POOL);
    String targetPool =
        body.storPoolMap() == null
            ? sourcePool
            : body.storPoolMap().getOrDefault(sourcePool, sourcePool);
    long dlKib = 0;
    long allocKib = 0;
    List<Out.BackupInfoVolume> vlms = new ArrayList<>();
    for (BackupCatalog.Entry e : chain) {
      for (Map.Entry<Integer, List<BackupMeta.VolumeObject>> v : e.meta().backups().entrySet()) {
        long size = e.meta().rscDfn().vlmDfns().get(v.getKey()).size();
        for (BackupMeta.VolumeObject o : v.getValue()) {
          long dl = (catalog.size(o.name()) + 1023) / 1024;
          dlKib += dl;
          allocKib += e == last ? size : 0;
          vlms.add(new Out.BackupInfoVolume(o.name(), "STORAGE", dl, size, size));
        }
      }
    }
    Long remaining = api.cluster.locked(() -> remainingKib(body.nodeName(), targetPool));
    Out.BackupInfoStorPool pool =
        new Out.BackupInfoStorPool(
            sourcePool, kindOf(body.nodeName(), targetPool), targetPool, remaining, vlms);
    return Reply.ok(
        new Out.BackupInfo(
            last.name().resource(),
            chain.get(0).id(),
            last.name().snapshot(),
            last.id(),
            chain.size(),
            dlKib,
            allocKib,
            List.of(pool)));
  }

  private Long remainingKib(String nodeName, String poolName) {
    Node node = nodeName == null ? null : api.cluster.nodes().get(nodeName);
    StoragePool pool = node == null || poolName == null ? null : node.pools().get(poolName);
    return pool == null ? null : io.linstorcsi.emulator.state.Capacity.freeKib(api.cluster, pool);
  }

  private String kindOf(String nodeName, String poolName) {
    return api.cluster.locked(
        () -> {
          Node node = nodeName == null ? null : api.cluster.nodes().get(nodeName);
          StoragePool pool = node == null || poolName == null ? null : node.pools().get(poolName);
          return pool == null ? null : pool.kind().name();
        });
  }
}
