package io.linstorcsi.emulator.rest;

import io.linstorcsi.emulator.rc.ApiException;
import io.linstorcsi.emulator.rc.Rc;
import io.linstorcsi.emulator.rc.RetCode;
import io.linstorcsi.emulator.server.Call;
import io.linstorcsi.emulator.server.Reply;
import io.linstorcsi.emulator.server.Router;
import io.linstorcsi.emulator.state.AutoQuorum;
import io.linstorcsi.emulator.state.Deployer;
import io.linstorcsi.emulator.state.InitialSync;
import io.linstorcsi.emulator.state.Node;
import io.linstorcsi.emulator.state.NodeSnapshot;
import io.linstorcsi.emulator.state.Resource;
import io.linstorcsi.emulator.state.ResourceDefinition;
import io.linstorcsi.emulator.state.Resources;
import io.linstorcsi.emulator.state.SnapshotDefinition;
import io.linstorcsi.emulator.state.StoragePool;
import io.linstorcsi.emulator.state.Volume;
import io.linstorcsi.emulator.state.VolumeDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Restoring a snapshot into another resource definition: first its volume definitions, then
 * resources.
 */
final class RestoreEndpoints {
  /**
   * Properties the satellites add on deployment; a restored definition starts without them
   * (recorded).
   */
  private static final Set<String> DEPLOYMENT_PROPS =
      Set.of(
          "DrbdOptions/Disk/block-size",
          "DrbdOptions/Disk/discard-zeroes-if-aligned",
          "DrbdOptions/Disk/rs-discard-granularity",
          "Linstor/Drbd/freeze-block-size",
          // the restored definition has its own UpToDate race (recorded: not copied)
          InitialSync.PROP_WINNER,
          "StorDriver/internal/AllocationGranularity");

  private final Api api;
  private final ResourceOps ops;

  RestoreEndpoints(Api api, ResourceOps ops) {
    this.api = api;
    this.ops = ops;
  }

  void register(Router router) {
    router.add(
        "POST",
        "/v1/resource-definitions/{resource}/snapshot-restore-volume-definition/{snapshot}",
        this::restoreVolumeDefinitions);
    router.add(
        "POST",
        "/v1/resource-definitions/{resource}/snapshot-restore-resource/{snapshot}",
        this::restoreResources);
  }

  private Reply restoreVolumeDefinitions(Call call) {
    In.SnapshotRestore body = call.syncBody(In.SnapshotRestore.class, api.cluster::newReportId);
    String source = call.param("resource");
    String snapshotName = call.param("snapshot");
    return api.cluster.locked(
        () -> {
          long crt = RetCode.CRT | RetCode.SNAPSHOT;
          String target = body.toResource();
          ResourceDefinition to = api.cluster.resourceDefinitions().get(String.valueOf(target));
          if (to == null) {
            throw new ApiException(
                Lookup.rdNotFound(crt, String.valueOf(target))
                    .details("Volume definitions of resource: " + target)
                    .build());
          }
          SnapshotDefinition snap = snapshot(source, snapshotName, crt, to.name());
          if (!to.volumeDefinitions().isEmpty()) {
            throw new ApiException(
                Rc.of(
                        RetCode.error(crt, RetCode.EXISTS_VLM_DFN),
                        "Resource definition '" + to.name() + "' already has volume definitions.")
                    .details("Volume definitions of resource: " + to.name())
                    .ref("RscDfn", to.name())
                    .build());
          }
          copyVolumeDefinitions(snap, to);
          return Reply.rc(
              List.of(
                  Rc.of(
                          RetCode.success(crt, RetCode.DELETED),
                          "Volume definitions of resource definition '"
                              + to.name()
                              + "' restored from resource '"
                              + snap.definition().name()
                              + "', snapshot '"
                              + snap.name()
                              + "'.")
                      .details("Resource UUIDs: ")
                      .build()),
              200);
        });
  }

  private void copyVolumeDefinitions(SnapshotDefinition snap, ResourceDefinition to) {
    for (SnapshotDefinition.VolumeSnapshot vs : snap.volumes()) {
      VolumeDefinition vd = DefinitionFactory.newVolume(api.cluster, to, vs.number(), vs.sizeKib());
      vs.props()
          .forEach(
              (k, v) -> {
                if (!DEPLOYMENT_PROPS.contains(k)) {
                  vd.props().put(k, v);
                }
              });
    }
  }

  private SnapshotDefinition snapshot(String source, String name, long mask, String target) {
    ResourceDefinition from = api.cluster.resourceDefinitions().get(source);
    SnapshotDefinition snap = from == null ? null : from.snapshots().get(name);
    if (snap == null || !snap.flags().contains(SnapshotDefinition.FLAG_SUCCESSFUL)) {
      throw new ApiException(
          Rc.of(
                  RetCode.error(mask, RetCode.NOT_FOUND_SNAPSHOT_DFN),
                  "Snapshot '" + name + "' of resource '" + source + "' not found.")
              .details("Resource: " + target)
              .ref("RscDfn", target)
              .build());
    }
    return snap;
  }

  private Reply restoreResources(Call call) {
    In.SnapshotRestore body = call.body(In.SnapshotRestore.class);
    String source = call.param("resource");
    String snapshotName = call.param("snapshot");
    return api.cluster.locked(() -> Reply.rc(restore(source, snapshotName, body), 200));
  }

  List<Rc> restore(String source, String snapshotName, In.SnapshotRestore body) {
    long crt = RetCode.CRT | RetCode.RSC;
    String target = String.valueOf(body.toResource());
    ResourceDefinition to = api.cluster.resourceDefinitions().get(target);
    if (to == null) {
      throw new ApiException(
          Lookup.rdNotFound(crt, target)
              .details("Resource: " + target)
              .ref("RscDfn", target)
              .build());
    }
    SnapshotDefinition snap = snapshot(source, snapshotName, crt, to.name());
    if (!to.resources().isEmpty()) {
      throw new ApiException(
          Rc.of(
                  RetCode.error(crt, RetCode.EXISTS_RSC),
                  "Cannot restore to resource definition which already has resources")
              .details("Resource: " + to.name())
              .report(api.cluster.newReportId())
              .ref("RscDfn", to.name())
              .build());
    }
    List<NodeSnapshot> sources = new ArrayList<>();
    if (body.nodes() != null && !body.nodes().isEmpty()) {
      for (String node : body.nodes()) {
        NodeSnapshot ns = snap.nodes().get(node);
        if (ns == null) {
          throw new ApiException(
              Rc.of(
                      RetCode.error(crt, RetCode.NOT_FOUND_SNAPSHOT),
                      "Snapshot '"
                          + snap.name()
                          + "' of resource '"
                          + source
                          + "' on node '"
                          + node
                          + "' not found.")
                  .details("Nodes: " + String.join(", ", body.nodes()) + "; Resource: " + to.name())
                  .report(api.cluster.newReportId())
                  .ref("RscDfn", to.name())
                  .build());
        }
        sources.add(ns);
      }
    } else {
      sources.addAll(snap.nodes().values());
    }
    if (to.volumeDefinitions().isEmpty()) {
      copyVolumeDefinitions(snap, to);
    }
    List<String> layers = List.copyOf(snap.definition().layerStack());
    if (to.layerStack().isEmpty()) {
      to.layerStack().addAll(layers.isEmpty() ? ops.defaultLayers() : layers);
    }
    for (VolumeDefinition vd : to.volumeDefinitions().values()) {
      Object data = snap.backings().get(vd.number());
      if (data != null && vd.backing() == null) {
        vd.setBacking(api.cluster.store().copyOf(data, to.name(), vd.number(), vd.sizeKib()));
      }
    }
    List<Resource> created = new ArrayList<>();
    // the replicas restored together keep their snapshots' shared DRBD history
    String lineage = api.cluster.newLineage("restore:" + snap.uuid());
    for (NodeSnapshot ns : sources) {
      Node node = api.cluster.nodes().get(ns.nodeName());
      StoragePool pool = node == null ? null : node.pools().get(String.valueOf(ns.storagePool()));
      if (pool == null) {
        throw new ApiException(
            Rc.of(
                    RetCode.error(crt, RetCode.NOT_FOUND_STOR_POOL),
                    "Storage pool '"
                        + ns.storagePool()
                        + "' on node '"
                        + ns.nodeName()
                        + "' not found.")
                .details("Resource: " + to.name())
                .ref("RscDfn", to.name())
                .build());
      }
      Resource rsc = Resources.register(api.cluster, to, node, to.layerStack(), false, pool);
      rsc.setRestoredLineage(lineage);
      created.add(rsc);
    }
    // the recorded controller lists a restore target without its STORAGE layer data afterwards
    to.setLayerDataHidden(true);
    // and with the source definition's properties, which win over the target's own
    // (linstor-server CtrlSnapshotRestoreApiCallHandler copies the snapshot definition's props
    // into the target with CtrlPropsHelper.copy, whose default overrides existing keys)
    to.props().putAll(snap.definitionProps());
    List<Rc> out = new ArrayList<>();
    out.add(
        Rc.of(
                RetCode.success(crt, RetCode.CREATED),
                "Resource '"
                    + to.name()
                    + "' restored from resource '"
                    + source
                    + "', snapshot '"
                    + snap.name()
                    + "'.")
            .details(
                "Resource UUIDs: "
                    + created.stream()
                        .map(r -> r.uuid().toString())
                        .collect(Collectors.joining(", ")))
            .ref("RscDfn", to.name())
            .build());
    api.cluster.satelliteRoundTrip();
    for (Resource rsc : created) {
      if (rsc.removed() || !Deployer.deploy(api.cluster, rsc)) {
        continue;
      }
      ResourceOps.addDeployedVolumeProps(to, rsc);
      for (Volume v : rsc.volumes().values()) {
        out.add(ops.volumeEntry(RetCode.CRT, rsc, v, "created", RetCode.CREATED, Map.of(), false));
      }
      out.addAll(DrbdEntries.adjusted(RetCode.CRT, rsc, Map.of("RscDfn", to.name())));
      out.add(
          Rc.of(
                  RetCode.success(RetCode.CRT | RetCode.SNAPSHOT, RetCode.MODIFIED),
                  "Created resource '" + to.name() + "' on '" + rsc.node().name() + "'")
              .ref("RscDfn", to.name())
              .build());
    }
    out.addAll(AutoQuorum.apply(api.cluster, to, RetCode.CRT | RetCode.SNAPSHOT));
    return out;
  }
}
