package io.linstorcsi.linstor;

import io.linstorcsi.linstor.error.ApiCallRc;
import io.linstorcsi.linstor.model.BackupAbort;
import io.linstorcsi.linstor.model.BackupCreate;
import io.linstorcsi.linstor.model.BackupInfo;
import io.linstorcsi.linstor.model.BackupInfoRequest;
import io.linstorcsi.linstor.model.BackupList;
import io.linstorcsi.linstor.model.BackupQueues;
import io.linstorcsi.linstor.model.BackupRestore;
import io.linstorcsi.linstor.model.BackupShip;
import java.util.List;

/**
 * Backups on remotes: upload to S3, ship to another LINSTOR, list, describe, restore, delete,
 * abort, and the queue of shipments waiting for a node. Uploads and downloads run in the
 * background; the calls answer once they started.
 */
public final class BackupApi {
  private final Transport transport;

  BackupApi(Transport transport) {
    this.transport = transport;
  }

  /** {@code POST /v1/remotes/{remote}/backups}: snapshot and upload (S3 remotes). */
  public List<ApiCallRc> create(String remote, BackupCreate create) {
    return transport.write(ApiRequest.post("backups.create", create, "remotes", remote, "backups"));
  }

  /** {@code POST /v1/remotes/{remote}/backups/ship}: snapshot and ship to another LINSTOR. */
  public List<ApiCallRc> ship(String remote, BackupShip ship) {
    return transport.write(
        ApiRequest.post("backups.ship", ship, "remotes", remote, "backups", "ship"));
  }

  /**
   * {@code GET /v1/remotes/{remote}/backups}, only those of {@code resource} and/or {@code
   * snapshot} when given (null for all).
   */
  public BackupList list(String remote, String resource, String snapshot) {
    return transport.get(
        ApiRequest.get("backups.list", "remotes", remote, "backups")
            .query("rsc_name", resource)
            .query("snap_name", snapshot),
        BackupList.class);
  }

  /** {@code POST /v1/remotes/{remote}/backups/info}; NotFound when no such backup exists. */
  public BackupInfo info(String remote, BackupInfoRequest request) {
    return transport.exchange(
        ApiRequest.post("backups.info", request, "remotes", remote, "backups", "info"),
        BackupInfo.class,
        info -> List.of());
  }

  /** {@code POST /v1/remotes/{remote}/backups/restore}. */
  public List<ApiCallRc> restore(String remote, BackupRestore restore) {
    return transport.write(
        ApiRequest.post("backups.restore", restore, "remotes", remote, "backups", "restore"));
  }

  /** {@code DELETE /v1/remotes/{remote}/backups} with the selection of {@code options}. */
  public List<ApiCallRc> delete(String remote, BackupDeleteOptions options) {
    return transport.write(
        options.apply(ApiRequest.delete("backups.delete", "remotes", remote, "backups")));
  }

  /** {@code POST /v1/remotes/{remote}/backups/abort}. */
  public List<ApiCallRc> abort(String remote, BackupAbort abort) {
    return transport.write(
        ApiRequest.post("backups.abort", abort, "remotes", remote, "backups", "abort"));
  }

  /**
   * {@code GET /v1/view/backup/queue}, filtered by nodes, resources, snapshots and remotes; grouped
   * by snapshot instead of by node with {@code bySnapshot}.
   */
  public BackupQueues queue(ListFilter filter, List<String> remotes, boolean bySnapshot) {
    return transport.get(
        ApiRequest.get("backups.queue", "view", "backup", "queue")
            .query("nodes", filter.nodes())
            .query("resources", filter.resources())
            .query("snapshots", filter.snapshots())
            .query("remotes", remotes)
            .query("snap_to_node", bySnapshot ? "true" : null),
        BackupQueues.class);
  }
}
