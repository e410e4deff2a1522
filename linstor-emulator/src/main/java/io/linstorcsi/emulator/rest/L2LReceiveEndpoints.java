package io.linstorcsi.emulator.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.linstorcsi.emulator.backup.L2LMessages;
import io.linstorcsi.emulator.backup.Remote;
import io.linstorcsi.emulator.backup.VolumeStream;
import io.linstorcsi.emulator.block.BlockStore;
import io.linstorcsi.emulator.rc.ApiException;
import io.linstorcsi.emulator.rc.Rc;
import io.linstorcsi.emulator.rc.RetCode;
import io.linstorcsi.emulator.server.Call;
import io.linstorcsi.emulator.server.Json;
import io.linstorcsi.emulator.server.Reply;
import io.linstorcsi.emulator.server.Router;
import io.linstorcsi.emulator.state.Node;
import io.linstorcsi.emulator.state.ResourceDefinition;
import io.linstorcsi.emulator.state.SnapshotDefinition;
import io.linstorcsi.emulator.state.StoragePool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The receiving controller of LINSTOR-to-LINSTOR shipping ({@code /v1/internal/backups/...},
 * api/rest/v1/BackupShippingInternal.java, CtrlBackupL2LDstApiCallHandler.java): it talks only to
 * clusters it has a LINSTOR remote for (matched by cluster id), names the base for an incremental
 * shipment, creates the target definition and snapshot, takes the volume data and, when the source
 * says it is done, finishes like a restore.
 */
final class L2LReceiveEndpoints {
  static final String SRC_CLUSTER_UUID = "Backup/FromClusterUUID";
  static final String SRC_SNAP_DFN_UUID = "Backup/Target/SourceSnapDfnUUID";
  static final String SRC_CLUSTER_SHORT_ID = "Backup/FromClusterName";

  /**
   * The short id this controller gave each sending cluster, by its cluster id; linstor-server keeps
   * it in its controller properties and never changes it (CtrlBackupL2LDstApiCallHandler
   * getSrcClusterShortId). Guarded by the cluster lock.
   */
  private final Map<String, String> shortIds = new HashMap<>();

  /** A shipment being received: the target objects and the streams so far per volume. */
  private record Receiving(SnapshotDownload.Target target, Map<Integer, Path> streams) {}

  private final Api api;
  private final SnapshotDownload download;
  private final Map<String, Receiving> receiving = new HashMap<>();

  L2LReceiveEndpoints(Api api, RestoreEndpoints restores) {
    this.api = api;
    this.download = new SnapshotDownload(api, restores);
  }

  void register(Router router) {
    String base = "/v1/internal/backups/";
    router.add("POST", base + "requestPrevSnap", this::prevSnap);
    router.add("POST", base + "requestShip", this::ship);
    router.add("POST", base + "volumeData", this::volumeData);
    router.add("POST", base + "requestReceiveDone", this::receiveDone);
  }

  private static <T> T read(Call call, Class<T> type) {
    try {
      return L2LMessages.MAPPER.readValue(call.body(), type);
    } catch (IOException e) {
      throw new ApiException(
          Rc.of(RetCode.API_CALL_PARSE_ERROR, "Unable to parse the request: " + e.getMessage())
              .build());
    }
  }

  private static Reply answer(int status, Object message) {
    return new Reply(status, L2LMessages.MAPPER.valueToTree(message));
  }

  private static JsonNode rcs(List<Rc> entries) {
    return Json.MAPPER.valueToTree(entries);
  }

  /**
   * The LINSTOR remote of the sending cluster, else the refusal (isClusterAllowedContact): another
   * version is FAIL_BACKUP_INCOMPATIBLE_VERSION, an unknown cluster FAIL_BACKUP_UNKNOWN_CLUSTER.
   */
  private Remote.Linstor sender(int[] version, String clusterId) {
    if (version == null || !Arrays.equals(version, L2LMessages.VERSION)) {
      throw new ApiException(
          Rc.of(
                  RetCode.error(0, 978),
                  "Incompatible versions. Source version: "
                      + Arrays.toString(version)
                      + ". Destination (local) version: "
                      + ControllerEndpoints.VERSION)
              .build());
    }
    for (Remote r : api.backups.remotes().values()) {
      if (r instanceof Remote.Linstor l
          && clusterId != null
          && clusterId.equalsIgnoreCase(l.clusterId())) {
        return l;
      }
    }
    throw new ApiException(
        Rc.of(
                RetCode.error(0, RetCode.BACKUP_UNKNOWN_CLUSTER),
                "Unknown Cluster. Source Cluster ID: " + clusterId)
            .build());
  }

  /** The newest successful snapshot received from one of the source's snapshots: the base. */
  private Reply prevSnap(Call call) {
    L2LMessages.PrevSnapRequest req = read(call, L2LMessages.PrevSnapRequest.class);
    return api.cluster.locked(
        () -> {
          try {
            sender(req.srcVersion(), req.srcClusterId());
          } catch (ApiException e) {
            return answer(
                500,
                new L2LMessages.PrevSnapResponse(false, null, false, null, null, rcs(e.reply())));
          }
          ResourceDefinition rd = api.cluster.resourceDefinitions().get(req.dstRscName());
          SnapshotDefinition base = null;
          if (rd != null && req.srcSnapDfnUuids() != null) {
            for (SnapshotDefinition s : rd.snapshots().values()) {
              boolean fromSource = req.srcSnapDfnUuids().contains(s.props().get(SRC_SNAP_DFN_UUID));
              if (fromSource && s.flags().contains(SnapshotDefinition.FLAG_SUCCESSFUL)) {
                base = s;
              }
            }
          }
          return answer(
              200,
              new L2LMessages.PrevSnapResponse(
                  true,
                  base == null ? null : base.props().get(SRC_SNAP_DFN_UUID),
                  false,
                  base == null ? null : base.name(),
                  base == null ? null : base.nodes().keySet().iterator().next(),
                  rcs(List.of())));
        });
  }

  private Reply ship(Call call) {
    L2LMessages.ShipRequest req = read(call, L2LMessages.ShipRequest.class);
    return api.cluster.locked(
        () -> {
          List<Rc> out = new ArrayList<>();
          try {
            Remote.Linstor source = sender(req.srcVersion(), req.srcClusterId());
            String node = targetNode(req);
            String shortId = shortIdOf(req.srcClusterId());
            SnapshotDownload.Target target =
                download.prepare(
                    req.dstRscName(),
                    node,
                    poolMap(req),
                    List.of(
                        new SnapshotDownload.Source(
                            receivedName(req.srcBackupName(), shortId), req.metaData())),
                    req.downloadOnly(),
                    req.dstRscGrp(),
                    source.name(),
                    out);
            SnapshotDefinition snap = target.snapshots().get(0);
            snap.props().put(SRC_CLUSTER_UUID, req.srcClusterId());
            snap.props().put(SRC_CLUSTER_SHORT_ID, shortId == null ? "" : shortId);
            snap.props().put(SRC_SNAP_DFN_UUID, req.metaData().snapDfnUuid());
            copyBase(target.rd(), req.dstBaseSnapName(), snap);
            receiving.put(
                key(req.dstRscName(), req.srcBackupName()), new Receiving(target, new TreeMap<>()));
            return answer(200, new L2LMessages.ShipResponse(true, rcs(out)));
          } catch (ApiException e) {
            out.addAll(e.reply());
            return answer(500, new L2LMessages.ShipResponse(false, rcs(out)));
          }
        });
  }

  /**
   * The received snapshot is named after the source's, with the sending cluster's short id
   * appended, so two clusters shipping the same names do not collide; a cluster shipping to itself
   * keeps the name (CtrlBackupL2LDstApiCallHandler.startReceivingInTransaction).
   */
  private static String receivedName(String sourceSnapshot, String shortId) {
    return shortId == null ? sourceSnapshot : sourceSnapshot + "_" + shortId;
  }

  /** The sending cluster's short id, made on its first shipment; none for this cluster itself. */
  private String shortIdOf(String srcClusterId) {
    if (srcClusterId == null || srcClusterId.equalsIgnoreCase(api.clusterId())) {
      return null;
    }
    return shortIds.computeIfAbsent(
        srcClusterId.toLowerCase(java.util.Locale.ROOT),
        id -> {
          String made;
          do {
            // five random bytes in base 36, as generateClusterShortId makes them
            made = new java.math.BigInteger(40, new java.security.SecureRandom()).toString(36);
          } while (shortIds.containsValue(made));
          return made;
        });
  }

  /** The node the source named, else the first connected one that has the target pool. */
  private String targetNode(L2LMessages.ShipRequest req) {
    if (req.dstNodeName() != null && !req.dstNodeName().isEmpty()) {
      return req.dstNodeName();
    }
    String sourcePool = req.metaData().rsc().rscProps().get("StorPoolName");
    String pool = poolMap(req).getOrDefault(sourcePool, sourcePool);
    for (Node n : api.cluster.nodes().values()) {
      StoragePool p = pool == null ? null : n.pools().get(pool);
      if (n.online() && p != null) {
        return n.name();
      }
    }
    throw new ApiException(
        Rc.of(
                RetCode.error(0, RetCode.NOT_ENOUGH_NODES),
                "No connected node has the storage pool '" + pool + "' to receive the backup.")
            .build());
  }

  /**
   * {@code dst_stor_pool} takes every source pool; {@code stor_pool_rename} maps them one by one.
   */
  private static Map<String, String> poolMap(L2LMessages.ShipRequest req) {
    Map<String, String> map = new HashMap<>();
    if (req.storPoolRenameMap() != null) {
      map.putAll(req.storPoolRenameMap());
    }
    String sourcePool = req.metaData().rsc().rscProps().get("StorPoolName");
    if (req.dstStorPool() != null && !req.dstStorPool().isEmpty() && sourcePool != null) {
      map.put(sourcePool, req.dstStorPool());
    }
    return map;
  }

  /** An incremental shipment lands on a copy of the base snapshot's data. */
  private void copyBase(ResourceDefinition rd, String baseName, SnapshotDefinition snap) {
    SnapshotDefinition base = baseName == null ? null : rd.snapshots().get(baseName);
    if (base == null) {
      return;
    }
    // the received snapshot names its base (CtrlBackupRestoreApiCallHandler
    // restoreBackupL2LInTransaction sets BackupShipping/Target/BackupLastSnapshot)
    snap.props().put(BackupProps.target(BackupProps.LAST_SNAPSHOT), base.name());
    BlockStore store = api.cluster.store();
    for (Map.Entry<Integer, Object> e : snap.backings().entrySet()) {
      Object from = base.backings().get(e.getKey());
      if (from == null) {
        continue;
      }
      long size = Math.min(store.sizeBytes(from), store.sizeBytes(e.getValue()));
      for (long off = 0; off < size; off += VolumeStream.CHUNK) {
        byte[] chunk = new byte[(int) Math.min(VolumeStream.CHUNK, size - off)];
        store.read(from, off, chunk);
        store.write(e.getValue(), off, chunk);
      }
    }
  }

  private Reply volumeData(Call call) {
    L2LMessages.VolumeData req = read(call, L2LMessages.VolumeData.class);
    return api.cluster.locked(
        () -> {
          Receiving r = receiving.get(key(req.dstRscName(), req.dstSnapName()));
          if (r == null) {
            throw new ApiException(
                Rc.of(
                        RetCode.error(0, RetCode.NOT_FOUND_SNAPSHOT),
                        "No shipment of snapshot '" + req.dstSnapName() + "' is being received.")
                    .build());
          }
          try {
            Path file = r.streams().get(req.vlmNr());
            if (file == null) {
              file = Files.createTempFile("emulator-receive-", ".vol");
              r.streams().put(req.vlmNr(), file);
            }
            Files.write(file, req.data(), java.nio.file.StandardOpenOption.APPEND);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return Reply.rc(List.of(), 200);
        });
  }

  private Reply receiveDone(Call call) {
    L2LMessages.ReceiveDone req = read(call, L2LMessages.ReceiveDone.class);
    Receiving r =
        api.cluster.locked(() -> receiving.remove(key(req.dstRscName(), req.dstSnapName())));
    if (r == null) {
      return Reply.rc(List.of(), 200);
    }
    String status = BackupProps.FAILED;
    try {
      if (req.success()) {
        apply(r);
        status = BackupProps.SUCCESS;
      }
    } finally {
      for (Path file : r.streams().values()) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // a temporary file; the OS cleans up
        }
      }
      download.finish(r.target(), status);
    }
    return Reply.rc(List.of(), 200);
  }

  private void apply(Receiving r) {
    SnapshotDefinition snap = r.target().snapshots().get(0);
    BlockStore store = api.cluster.store();
    r.streams()
        .forEach(
            (nr, file) -> {
              Object handle = snap.backings().get(nr);
              try (var in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
                VolumeStream.apply(in, (offset, data) -> store.write(handle, offset, data));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  private static String key(String rd, String snap) {
    return rd + "/" + snap;
  }
}
