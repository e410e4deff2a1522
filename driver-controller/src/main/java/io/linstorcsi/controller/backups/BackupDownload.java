package io.linstorcsi.controller.backups;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.controller.ids.SnapshotId;
import io.linstorcsi.controller.params.TopologyKeys;
import io.linstorcsi.controller.placement.Topology;
import io.linstorcsi.controller.placement.TopologyRequirement;
import io.linstorcsi.controller.provisioning.SnapshotFlags;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.ListFilter;
import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.model.BackupInfo;
import io.linstorcsi.linstor.model.BackupInfoRequest;
import io.linstorcsi.linstor.model.BackupRestore;
import io.linstorcsi.linstor.model.Snapshot;
import io.linstorcsi.linstor.model.StoragePool;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local snapshot a restore from a remote snapshot id starts from: the one this cluster has, or
 * the backup downloaded from the S3 remote into a snapshot of the same names ({@code
 * download_only}), as the Go driver does (piraeusdatastore/linstor-csi pkg/client/linstor.go
 * reconcileSnapshot). The download lands on a node the request's topology prefers that has the
 * StorageClass's pool, and the backup's pool is renamed to that pool when they differ. Afterwards
 * the snapshot is restored like an in-cluster one.
 */
public final class BackupDownload {
  private static final Logger LOG = LoggerFactory.getLogger(BackupDownload.class);

  static final String TARGET_STATUS = "BackupShipping/Target/ShippingStatus";

  private BackupDownload() {}

  /**
   * The local snapshot, started downloading when absent; the caller waits until it is ready. For a
   * {@code Linstor://} id in the cluster it was shipped to, the copy received there, whose name
   * LINSTOR chose ({@link ReceivedSnapshots}).
   *
   * @param limitBytes the request's limit (0: none); a backup larger than that is OUT_OF_RANGE
   *     before anything is downloaded
   */
  public static Snapshot localCopy(
      LinstorClient client,
      SnapshotId id,
      TopologyRequirement topology,
      List<String> storagePools,
      long limitBytes) {
    Optional<Snapshot> local = read(client, id);
    if (local.isPresent() && !failed(local.get())) {
      return local.get();
    }
    if (id.type() == SnapshotId.Type.LINSTOR) {
      Optional<Snapshot> received = ReceivedSnapshots.find(client, id).filter(s -> !failed(s));
      if (received.isPresent()) {
        return received.get();
      }
    }
    if (id.type() != SnapshotId.Type.S3) {
      throw CsiError.notFound(
          "snapshot "
              + id
              + " is not in this LINSTOR cluster; a snapshot shipped to a LINSTOR remote is"
              + " restored in the cluster it was shipped to");
    }
    if (local.isPresent()) {
      // a download that LINSTOR gave up: start it again
      client.snapshots().delete(id.sourceName(), id.snapshotName());
    }
    BackupInfo info = describe(client, id);
    long bytes = RemoteSnapshots.usableBytes(info);
    if (limitBytes > 0 && bytes > limitBytes) {
      throw CsiError.outOfRange(
          "snapshot "
              + id
              + " holds "
              + bytes
              + " bytes, more than the requested limit of "
              + limitBytes
              + " bytes");
    }
    String sourcePool = info.storpools().isEmpty() ? null : info.storpools().getFirst().name();
    String pool =
        storagePools.isEmpty() || sourcePool == null ? sourcePool : storagePools.getFirst();
    if (storagePools.contains(sourcePool)) {
      pool = sourcePool;
    }
    String node = node(client, id, topology, pool);
    Map<String, String> rename =
        pool != null && sourcePool != null && !pool.equals(sourcePool)
            ? Map.of(sourcePool, pool)
            : Map.of();
    try {
      client
          .backups()
          .restore(
              id.remote(),
              BackupRestore.downloadOnly(id.sourceName(), id.snapshotName(), node, rename));
    } catch (LinstorException.AlreadyExists e) {
      // started by an earlier attempt
    } catch (LinstorException e) {
      throw RemoteFailures.of(id.remote(), "downloading backup " + id, e);
    }
    LOG.info("downloading backup {} from remote {} to node {}", id, id.remote(), node);
    return read(client, id)
        .orElseThrow(
            () ->
                CsiError.unavailable(
                    "LINSTOR started downloading " + id + " but shows no snapshot yet; retry",
                    null));
  }

  /**
   * False while a snapshot is still being received from a remote: LINSTOR marks such a snapshot's
   * definition with {@code BackupShipping/Target/ShippingStatus} until it says Success (the Go
   * driver waits for the same: pkg/client/linstor.go GetSnapshotRemoteAndReadiness).
   */
  public static boolean received(Snapshot s) {
    String status = s.snapshotDefinitionProps().get(TARGET_STATUS);
    return status == null || status.equalsIgnoreCase("success");
  }

  /**
   * True for a snapshot LINSTOR received from a remote (a download from S3 or a shipment from
   * another cluster): LINSTOR leaves {@code BackupShipping/Target/ShippingStatus} on it.
   */
  public static boolean receivedFromARemote(Snapshot s) {
    return s.snapshotDefinitionProps().containsKey(TARGET_STATUS);
  }

  /** A snapshot LINSTOR failed to take or to receive. */
  public static boolean failed(Snapshot s) {
    String status = s.snapshotDefinitionProps().get(TARGET_STATUS);
    String v = status == null ? "" : status.toLowerCase(java.util.Locale.ROOT);
    return SnapshotFlags.failed(s.flags()) || v.contains("fail") || v.contains("abort");
  }

  private static BackupInfo describe(LinstorClient client, SnapshotId id) {
    if (!RemoteConfig.exists(client, id)) {
      throw CsiError.failedPrecondition(RemoteFailures.notConfigured(id.remote()));
    }
    try {
      return client
          .backups()
          .info(id.remote(), BackupInfoRequest.of(id.sourceName(), id.snapshotName()));
    } catch (LinstorException.NotFound e) {
      throw CsiError.notFound("snapshot " + id + " has no backup on remote " + id.remote());
    } catch (LinstorException e) {
      throw RemoteFailures.of(id.remote(), "reading backup " + id, e);
    }
  }

  /** A node with the target pool, the CO's preferred ones first, then the requisite ones. */
  private static String node(
      LinstorClient client, SnapshotId id, TopologyRequirement topology, String pool) {
    ListFilter filter = pool == null ? ListFilter.all() : ListFilter.all().storagePools(pool);
    Set<String> withPool = new LinkedHashSet<>();
    for (StoragePool sp : client.storagePools().view(filter)) {
      if (!sp.diskless()) {
        withPool.add(sp.nodeName());
      }
    }
    List<String> ordered = new ArrayList<>();
    List<Topology> wanted = new ArrayList<>(topology.preferred());
    wanted.addAll(topology.requisite());
    for (Topology t : wanted) {
      String host = t.segments().get(TopologyKeys.HOSTNAME);
      if (host != null && withPool.contains(host)) {
        ordered.add(host);
      }
    }
    if (ordered.isEmpty() && topology.requisite().isEmpty()) {
      ordered.addAll(withPool);
    }
    if (ordered.isEmpty()) {
      throw CsiError.resourceExhausted(
          "no node "
              + (topology.requisite().isEmpty() ? "" : "in the requested topology ")
              + "has storage pool "
              + pool
              + " to download "
              + id
              + " into");
    }
    return ordered.getFirst();
  }

  private static Optional<Snapshot> read(LinstorClient client, SnapshotId id) {
    try {
      return Optional.of(client.snapshots().get(id.sourceName(), id.snapshotName()))
          .filter(s -> !s.flags().contains("DELETE"));
    } catch (LinstorException.NotFound e) {
      return Optional.empty();
    }
  }
}
