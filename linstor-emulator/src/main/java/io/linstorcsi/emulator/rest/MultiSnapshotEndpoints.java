package io.linstorcsi.emulator.rest;

import io.linstorcsi.emulator.server.Call;
import io.linstorcsi.emulator.server.Reply;
import io.linstorcsi.emulator.server.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/actions/snapshot/multi}: one crash-consistent snapshot of several definitions.
 * The REST layer hands each entry's name, resource, nodes and {@code snapshot_definition_props} to
 * the controller (linstor-server controller/.../api/rest/v1/Actions.java); the controller registers
 * all snapshot definitions in one transaction, so an entry it refuses (unknown definition, existing
 * snapshot, the same definition twice, a property key outside the whitelist) leaves none registered
 * (CtrlSnapshotCrtApiCallHandler.createSnapshotInTransaction).
 */
final class MultiSnapshotEndpoints {
  private final Api api;
  private final SnapshotEndpoints snapshots;

  MultiSnapshotEndpoints(Api api, SnapshotEndpoints snapshots) {
    this.api = api;
    this.snapshots = snapshots;
  }

  void register(Router router) {
    router.add("POST", "/v1/actions/snapshot/multi", this::multi);
  }

  private Reply multi(Call call) {
    In.CreateMultiSnapshotRequest body = call.body(In.CreateMultiSnapshotRequest.class);
    List<SnapshotEndpoints.Request> requests = new ArrayList<>();
    if (body.snapshots() != null) {
      for (In.Snapshot s : body.snapshots()) {
        Map<String, String> props =
            s.snapshotDefinitionProps() == null ? Map.of() : s.snapshotDefinitionProps();
        requests.add(
            new SnapshotEndpoints.Request(s.resourceName(), s.name(), s.nodes(), true, props));
      }
    }
    return api.cluster.locked(() -> Reply.rc(snapshots.take(requests), 201));
  }
}
