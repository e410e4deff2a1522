package io.linstorcsi.emulator.rest;

import io.linstorcsi.emulator.backup.Remote;
import io.linstorcsi.emulator.backup.Shipment;
import io.linstorcsi.emulator.rc.ApiException;
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
 * Starting, aborting and queueing backups: {@code POST /v1/remotes/{remote}/backups}, {@code
 * .../backups/abort}, {@code GET /v1/view/backup/queue} (api/rest/v1/Backups.java).
 */
final class BackupCreateEndpoints {
  private final Api api;
  private final BackupShipping shipping;

  BackupCreateEndpoints(Api api, BackupShipping shipping) {
    this.api = api;
    this.shipping = shipping;
  }

  void register(Router router) {
    router.add("POST", "/v1/remotes/{remote_name}/backups", this::create);
    router.add("POST", "/v1/remotes/{remote_name}/backups/abort", this::abort);
    router.add("GET", "/v1/view/backup/queue", this::queue);
  }

  private Reply create(Call call) {
    In.BackupCreate body = call.body(In.BackupCreate.class);
    return api.cluster.locked(
        () -> {
          Remote.S3 remote = BackupListEndpoints.s3Remote(api, call.param("remote_name"));
          // 201 like Backups.createBackup (ApiCallRcRestUtils.mapToMonoResponse(..., CREATED))
          return Reply.rc(shipping.start(remote, body), 201);
        });
  }

  /**
   * Aborts the resource's running shipments to this remote (uploads unless {@code restore} alone is
   * asked, downloads with {@code restore}) and drops its queued ones
   * (CtrlBackupApiCallHandler.setFlagsAndAbort).
   */
  private Reply abort(Call call) {
    In.BackupAbort body = call.body(In.BackupAbort.class);
    String remoteName = call.param("remote_name");
    return api.cluster.locked(
        () -> {
          if (!api.backups.remotes().containsKey(remoteName)) {
            throw new ApiException(RemoteEndpoints.notFound(remoteName));
          }
          ResourceDefinition rd =
              body.rscName() == null ? null : api.cluster.resourceDefinitions().get(body.rscName());
          if (rd == null) {
            throw new ApiException(Lookup.rdNotFound(0, String.valueOf(body.rscName())).build());
          }
          boolean restore = Boolean.TRUE.equals(body.restore());
          boolean create = Boolean.TRUE.equals(body.create()) || !restore;
          for (BackupShipping.Plan p : shipping.dequeue(rd)) {
            SnapshotDefinition snap = rd.snapshots().get(p.snapshot());
            if (snap != null) {
              snap.props()
                  .put(
                      BackupProps.source(p.remote().name(), BackupProps.STATUS),
                      BackupProps.ABORTED);
            }
          }
          api.backups
              .shipments()
              .abort(
                  s ->
                      s.resource().equalsIgnoreCase(rd.name())
                          && (body.snapshot() == null || s.snapshot().equals(body.snapshot()))
                          && (s.direction() == Shipment.Direction.SEND ? create : restore));
          return Reply.rc(List.of(), 200);
        });
  }

  /**
   * Backups waiting for a shipping slot or for their base (BackupInfoManager's queues): by node, or
   * with {@code snap_to_node} by snapshot.
   */
  private Reply queue(Call call) {
    List<String> nodes = call.queryAll("nodes");
    List<String> snapshots = call.queryAll("snapshots");
    List<String> resources = call.queryAll("resources");
    List<String> remotes = call.queryAll("remotes");
    boolean bySnapshot = Api.flag(call, "snap_to_node");
    return api.cluster.locked(
        () -> {
          List<BackupShipping.Plan> plans = new ArrayList<>();
          for (BackupShipping.Plan p : shipping.queued()) {
            if (Api.nameIn(nodes, p.node())
                && Api.nameIn(snapshots, p.snapshot())
                && Api.nameIn(resources, p.rd().name())
                && Api.nameIn(remotes, p.remote().name())) {
              plans.add(p);
            }
          }
          if (bySnapshot) {
            List<Out.SnapQueue> out = new ArrayList<>();
            for (BackupShipping.Plan p : plans) {
              out.add(snapQueue(p, List.of(new Out.NodeQueue(p.node(), null))));
            }
            return Reply.ok(new Out.BackupQueues(null, out));
          }
          Map<String, List<Out.SnapQueue>> byNode = new LinkedHashMap<>();
          for (BackupShipping.Plan p : plans) {
            byNode.computeIfAbsent(p.node(), n -> new ArrayList<>()).add(snapQueue(p, null));
          }
          List<Out.NodeQueue> out = new ArrayList<>();
          byNode.forEach((node, items) -> out.add(new Out.NodeQueue(node, items)));
          return Reply.ok(new Out.BackupQueues(out, null));
        });
  }

  private static Out.SnapQueue snapQueue(BackupShipping.Plan p, List<Out.NodeQueue> nodes) {
    return new Out.SnapQueue(
        p.rd().name(),
        p.snapshot(),
        p.remote().name(),
        p.base() != null,
        p.base() == null ? null : p.base().name(),
        p.startMillis(),
        p.node(),
        nodes);
  }
}
