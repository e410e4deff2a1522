package io.linstorcsi.linstor;

import io.linstorcsi.linstor.error.ApiCallRc;
import io.linstorcsi.linstor.model.CreateMultiSnapshotRequest;
import io.linstorcsi.linstor.model.Snapshot;
import io.linstorcsi.linstor.model.SnapshotRestore;
import java.util.List;
import java.util.Map;

/** Snapshots of resource definitions, and restoring them into other definitions. */
public final class SnapshotApi {
  private final Transport transport;

  SnapshotApi(Transport transport) {
    this.transport = transport;
  }

  /**
   * {@code POST .../snapshots}. The name is required (LINSTOR generates none); empty {@code nodes}
   * means every node with a diskful replica; an offline node is skipped with a warning.
   */
  public List<ApiCallRc> create(String resourceDefinition, Snapshot snapshot) {
    return transport.write(
        ApiRequest.post(
            "snapshots.create", snapshot, "resource-definitions", resourceDefinition, "snapshots"));
  }

  public List<ApiCallRc> create(
      String resourceDefinition, String name, List<String> nodes, Map<String, String> props) {
    return create(resourceDefinition, Snapshot.request(name, nodes, props));
  }

  /** {@code POST /v1/actions/snapshot/multi}: one consistent snapshot of several definitions. */
  public List<ApiCallRc> createMulti(List<Snapshot> snapshots) {
    return transport.write(
        ApiRequest.post(
            "snapshots.create-multi",
            new CreateMultiSnapshotRequest(snapshots),
            "actions",
            "snapshot",
            "multi"));
  }

  /** {@code GET .../snapshots}; NotFound for an unknown definition. */
  public List<Snapshot> list(String resourceDefinition) {
    return transport.list(
        ApiRequest.get("snapshots.list", "resource-definitions", resourceDefinition, "snapshots"),
        Snapshot.class);
  }

  public Snapshot get(String resourceDefinition, String name) {
    return transport.get(
        ApiRequest.get(
            "snapshots.get", "resource-definitions", resourceDefinition, "snapshots", name),
        Snapshot.class);
  }

  /** {@code GET /v1/view/snapshots}, filtered by nodes, resources and snapshot names. */
  public List<Snapshot> view(ListFilter filter) {
    ApiRequest request =
        ApiRequest.get("snapshots.view", "view", "snapshots")
            .query("nodes", filter.nodes())
            .query("resources", filter.resources())
            .query("snapshots", filter.snapshots())
            .query("offset", filter.offset())
            .query("limit", filter.limit());
    return transport.list(request, Snapshot.class);
  }

  /** {@code DELETE .../snapshots/{name}} on every node; absent is a success with WARN_NOT_FOUND. */
  public List<ApiCallRc> delete(String resourceDefinition, String name) {
    return delete(resourceDefinition, name, List.of());
  }

  /** Deletes only the copies on {@code nodes} (all when empty). */
  public List<ApiCallRc> delete(String resourceDefinition, String name, List<String> nodes) {
    return transport.write(
        ApiRequest.delete(
                "snapshots.delete", "resource-definitions", resourceDefinition, "snapshots", name)
            .query("nodes", nodes));
  }

  /**
   * {@code POST .../snapshot-restore-volume-definition/{name}}: copies the volume definitions into
   * the (existing, empty) target definition. First step of a restore.
   */
  public List<ApiCallRc> restoreVolumeDefinition(
      String resourceDefinition, String name, SnapshotRestore restore) {
    return transport.write(
        ApiRequest.post(
            "snapshots.restore-volume-definition",
            restore,
            "resource-definitions",
            resourceDefinition,
            "snapshot-restore-volume-definition",
            name));
  }

  /**
   * {@code POST .../snapshot-restore-resource/{name}}: creates the target's resources from the
   * snapshot, on every node that holds it or on {@code nodes}. AlreadyExists when the target has
   * resources; NotFound when a node lacks the snapshot.
   */
  public List<ApiCallRc> restoreResources(
      String resourceDefinition, String name, SnapshotRestore restore) {
    return transport.write(
        ApiRequest.post(
            "snapshots.restore-resource",
            restore,
            "resource-definitions",
            resourceDefinition,
            "snapshot-restore-resource",
            name));
  }
}
