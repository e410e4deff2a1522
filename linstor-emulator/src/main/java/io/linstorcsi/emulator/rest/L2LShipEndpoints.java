package io.linstorcsi.emulator.rest;

import io.linstorcsi.emulator.backup.BackupMeta;
import io.linstorcsi.emulator.backup.BackupNames;
import io.linstorcsi.emulator.backup.L2LMessages;
import io.linstorcsi.emulator.backup.Remote;
import io.linstorcsi.emulator.backup.Shipment;
import io.linstorcsi.emulator.backup.VolumeCopy;
import io.linstorcsi.emulator.rc.ApiException;
import io.linstorcsi.emulator.rc.Rc;
import io.linstorcsi.emulator.rc.RetCode;
import io.linstorcsi.emulator.server.Call;
import io.linstorcsi.emulator.server.Reply;
import io.linstorcsi.emulator.server.Router;
import io.linstorcsi.emulator.state.ResourceDefinition;
import io.linstorcsi.emulator.state.SnapshotDefinition;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * LINSTOR-to-LINSTOR shipping from this cluster: {@code POST /v1/remotes/{remote}/backups/ship}
 * (controller/.../backup/CtrlBackupL2LSrcApiCallHandler.java). Asks the target for a common base
 * (requestPrevSnap), takes the snapshot, announces it with its metadata (requestShip), sends the
 * volume streams and reports the end (requestReceiveDone).
 */
final class L2LShipEndpoints {
  private static final int PIECE = 4 << 20;

  private final Api api;
  private final BackupShipping shipping;
  private final SnapshotEndpoints snapshots;
  private final L2LClient client = new L2LClient();

  L2LShipEndpoints(Api api, BackupShipping shipping, SnapshotEndpoints snapshots) {
    this.api = api;
    this.shipping = shipping;
    this.snapshots = snapshots;
  }

  void register(Router router) {
    router.add("POST", "/v1/remotes/{remote_name}/backups/ship", this::ship);
  }

  private record Source(Remote.Linstor remote, ResourceDefinition rd, Set<String> snapshotUuids) {}

  private Reply ship(Call call) {
    In.BackupShip body = call.body(In.BackupShip.class);
    if (body.srcRscName() == null || body.dstRscName() == null) {
      throw new ApiException(
          Rc.of(
                  RetCode.error(RetCode.BACKUP, RetCode.INVLD_BACKUP_CONFIG),
                  "src_rsc_name and dst_rsc_name are required")
              .build());
    }
    Source source = api.cluster.locked(() -> source(call.param("remote_name"), body.srcRscName()));
    L2LMessages.PrevSnapResponse prev =
        request(
            source.remote(),
            "requestPrevSnap",
            new L2LMessages.PrevSnapRequest(
                L2LMessages.VERSION,
                api.clusterId(),
                body.dstRscName(),
                source.snapshotUuids(),
                body.dstNodeName()),
            L2LMessages.PrevSnapResponse.class);
    List<Rc> out = new ArrayList<>();
    Started started = api.cluster.locked(() -> takeSnapshot(source, body, prev, out));
    // LINSTOR 1.33 reads no dst_snap_name for a shipment to another cluster: the target names
    // the snapshot itself, from the source's (Backups.shipBackup, CtrlBackupL2LDstApiCallHandler)
    String dstSnap = started.plan().snapshot();
    try {
      client.post(
          source.remote(),
          "requestShip",
          new L2LMessages.ShipRequest(
              L2LMessages.VERSION,
              started.meta(),
              started.plan().snapshot(),
              api.clusterId(),
              source.remote().name(),
              body.dstRscName(),
              body.dstNodeName(),
              body.dstStorPool(),
              body.storPoolRename(),
              body.dstRscGrp(),
              Boolean.TRUE.equals(body.downloadOnly()),
              started.plan().base() == null ? null : prev.dstBaseSnapName(),
              source.rd().name()),
          L2LMessages.ShipResponse.class);
    } catch (L2LClient.Refused refused) {
      api.cluster.locked(() -> markFailed(started));
      throw new ApiException(refused.entries);
    }
    out.add(
        Rc.of(
                RetCode.info(0, 0),
                "Shipping of resource "
                    + source.rd().name()
                    + " to remote "
                    + source.remote().name()
                    + " in progress.")
            .ref("SnapshotName", started.plan().snapshot())
            .build());
    launch(started, body.dstRscName(), dstSnap);
    return Reply.rc(out, 201); // Backups.shipBackup answers CREATED
  }

  private Source source(String remoteName, String rscName) {
    Remote remote = remoteName == null ? null : api.backups.remotes().get(remoteName);
    if (remote == null) {
      throw new ApiException(RemoteEndpoints.notFound(String.valueOf(remoteName)));
    }
    if (!(remote instanceof Remote.Linstor linstor)) {
      throw new ApiException(
          Rc.of(
                  RetCode.error(0, RetCode.INVLD_REMOTE_NAME),
                  "The given remote is not a linstor-remote")
              .build());
    }
    ResourceDefinition rd = shipping.definition(rscName);
    Set<String> uuids =
        rd.snapshots().values().stream()
            .filter(s -> s.flags().contains(SnapshotDefinition.FLAG_SUCCESSFUL))
            .map(s -> s.uuid().toString())
            .collect(Collectors.toSet());
    return new Source(linstor, rd, uuids);
  }

  private <T> T request(Remote.Linstor remote, String action, Object message, Class<T> answer) {
    try {
      return client.post(remote, action, message, answer);
    } catch (L2LClient.Refused refused) {
      throw new ApiException(refused.entries);
    }
  }

  private record Started(BackupShipping.Plan plan, SnapshotDefinition snap, BackupMeta meta) {}

  /** Takes the snapshot to ship with the source properties; the caller holds the lock. */
  private Started takeSnapshot(
      Source source, In.BackupShip body, L2LMessages.PrevSnapResponse prev, List<Rc> out) {
    ResourceDefinition rd = source.rd();
    SnapshotDefinition base = null;
    if (!Boolean.FALSE.equals(body.allowIncremental()) && prev.prevSnapUuid() != null) {
      base =
          rd.snapshots().values().stream()
              .filter(s -> s.uuid().toString().equals(prev.prevSnapUuid()))
              .findFirst()
              .orElse(null);
    }
    long now = api.cluster.now();
    String snapName =
        body.srcSnapName() == null || body.srcSnapName().isEmpty()
            ? BackupNames.backupId(now)
            : body.srcSnapName();
    String node = shipping.chooseNode(rd, base, body.srcNodeName(), out);
    BackupShipping.Plan plan =
        new BackupShipping.Plan(source.remote(), rd, snapName, node, base, now);
    SnapshotDefinition snap = rd.snapshots().get(snapName);
    if (snap == null) {
      out.addAll(
          snapshots.take(
              List.of(
                  new SnapshotEndpoints.Request(
                      rd.name(), snapName, List.of(), false, shipping.startProps(plan, false)))));
      snap = rd.snapshots().get(snapName);
    } else {
      snap.props().putAll(shipping.startProps(plan, false));
    }
    return new Started(plan, snap, shipping.metaTemplate(plan, snap));
  }

  private void markFailed(Started started) {
    started
        .snap()
        .props()
        .put(
            BackupProps.source(started.plan().remote().name(), BackupProps.STATUS),
            BackupProps.FAILED);
  }

  private void launch(Started started, String dstRsc, String dstSnap) {
    BackupShipping.Plan plan = started.plan();
    Map<Integer, Object> handles = new TreeMap<>(started.snap().backings());
    Map<Integer, Object> baseHandles =
        plan.base() == null ? Map.of() : new TreeMap<>(plan.base().backings());
    Remote.Linstor remote = (Remote.Linstor) plan.remote();
    api.backups
        .shipments()
        .start(
            remote.name(),
            plan.rd().name(),
            plan.snapshot(),
            plan.node(),
            Shipment.Direction.SEND,
            plan.base() == null ? null : plan.base().name(),
            plan.startMillis(),
            VolumeCopy.bytesOf(api.cluster.store(), handles.values()),
            shipment -> send(remote, dstRsc, dstSnap, handles, baseHandles, shipment),
            shipment -> shipping.finished(plan, started.snap(), shipment));
  }

  private void send(
      Remote.Linstor remote,
      String dstRsc,
      String dstSnap,
      Map<Integer, Object> handles,
      Map<Integer, Object> baseHandles,
      Shipment shipment)
      throws Exception {
    boolean success = false;
    try {
      for (Map.Entry<Integer, Object> e : handles.entrySet()) {
        Path stream =
            VolumeCopy.stream(
                api.cluster.store(), e.getValue(), baseHandles.get(e.getKey()), shipment);
        try (InputStream in = Files.newInputStream(stream)) {
          for (byte[] piece = in.readNBytes(PIECE);
              piece.length > 0;
              piece = in.readNBytes(PIECE)) {
            client.post(
                remote,
                "volumeData",
                new L2LMessages.VolumeData(api.clusterId(), dstRsc, dstSnap, e.getKey(), piece),
                null);
          }
        } finally {
          Files.deleteIfExists(stream);
        }
      }
      shipment.await(0);
      success = true;
    } finally {
      done(remote, dstRsc, dstSnap, success);
    }
  }

  /**
   * Tells the target the outcome; an unreachable target finds out by itself (its snapshot stays).
   */
  private void done(Remote.Linstor remote, String dstRsc, String dstSnap, boolean success) {
    try {
      client.post(
          remote,
          "requestReceiveDone",
          new L2LMessages.ReceiveDone(api.clusterId(), dstRsc, dstSnap, success, List.of()),
          null);
    } catch (L2LClient.Refused refused) {
      if (success) {
        throw new IllegalStateException(refused.getMessage());
      }
    }
  }
}
