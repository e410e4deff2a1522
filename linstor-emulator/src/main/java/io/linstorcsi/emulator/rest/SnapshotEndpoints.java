package io.linstorcsi.emulator.rest;

import io.linstorcsi.emulator.rc.ApiException;
import io.linstorcsi.emulator.rc.Rc;
import io.linstorcsi.emulator.rc.RetCode;
import io.linstorcsi.emulator.server.Call;
import io.linstorcsi.emulator.server.Reply;
import io.linstorcsi.emulator.server.Router;
import io.linstorcsi.emulator.state.Names;
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
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Snapshots: create (one definition or many), list, view, delete. */
final class SnapshotEndpoints {
  private final Api api;

  /** Whether a snapshot waits in the backup queue; set once backups are wired up. */
  private java.util.function.Predicate<SnapshotDefinition> queuedForBackup = s -> false;

  SnapshotEndpoints(Api api) {
    this.api = api;
  }

  void queuedForBackup(java.util.function.Predicate<SnapshotDefinition> test) {
    queuedForBackup = test;
  }

  void register(Router router) {
    String base = "/v1/resource-definitions/{resource}/snapshots";
    router.add("GET", base, this::list);
    router.add("POST", base, this::create);
    router.add("GET", base + "/{snapshot}", this::get);
    router.add("DELETE", base + "/{snapshot}", this::delete);
    router.add("GET", "/v1/view/snapshots", this::view);
  }

  private Reply list(Call call) {
    return api.cluster.locked(
        () -> {
          ResourceDefinition rd = Lookup.rdForGet(api.cluster, call.param("resource"));
          return Reply.ok(rd.snapshots().values().stream().map(api.views::snapshot).toList());
        });
  }

  private Reply get(Call call) {
    return api.cluster.locked(
        () -> {
          ResourceDefinition rd = Lookup.rdForGet(api.cluster, call.param("resource"));
          String name = call.param("snapshot");
          SnapshotDefinition snap = rd.snapshots().get(name);
          if (snap == null) {
            throw new ApiException(
                Rc.of(
                        RetCode.error(0, RetCode.NOT_FOUND_SNAPSHOT),
                        "Snapshot '" + name + "' not found.")
                    .build());
          }
          return Reply.ok(api.views.snapshot(snap));
        });
  }

  private Reply view(Call call) {
    List<String> nodes = call.queryAll("nodes");
    List<String> resources = call.queryAll("resources");
    List<String> snapshots = call.queryAll("snapshots");
    return api.cluster.locked(
        () -> {
          List<Out.Snapshot> out = new ArrayList<>();
          for (ResourceDefinition rd : api.cluster.resourceDefinitions().values()) {
            if (!Api.nameIn(resources, rd.name())) {
              continue;
            }
            for (SnapshotDefinition snap : rd.snapshots().values()) {
              boolean onNode =
                  nodes.isEmpty()
                      || snap.nodes().keySet().stream().anyMatch(n -> Api.nameIn(nodes, n));
              if (onNode && Api.nameIn(snapshots, snap.name())) {
                out.add(api.views.snapshot(snap));
              }
            }
          }
          return Reply.ok(Api.page(out, call));
        });
  }

  // ------------------------------------------------------------------ create

  private Reply create(Call call) {
    In.Snapshot body = call.body(In.Snapshot.class);
    String rdName = call.param("resource");
    return api.cluster.locked(
        () ->
            Reply.rc(
                take(List.of(new Request(rdName, body.name(), body.nodes(), false, Map.of()))),
                201));
  }

  /**
   * One snapshot to take; {@code props} become the snapshot definition's own properties. A
   * multi-snapshot request reports IO suspension per node, not per definition.
   */
  record Request(
      String resource, String name, List<String> nodes, boolean multi, Map<String, String> props) {}

  private record Plan(Request request, ResourceDefinition rd, List<Resource> targets) {}

  /**
   * Checks every request before registering any, so a refused request takes no snapshot. The caller
   * holds the cluster lock.
   */
  List<Rc> take(List<Request> requests) {
    long crt = RetCode.CRT | RetCode.SNAPSHOT;
    List<Plan> plans = new ArrayList<>();
    java.util.Set<String> planned = new java.util.HashSet<>();
    for (Request r : requests) {
      Plan p = check(r, crt);
      if (!planned.add(p.rd().name() + "/" + r.name())) {
        throw new ApiException(exists(r, p.rd(), crt));
      }
      plans.add(p);
    }
    List<Rc> out = new ArrayList<>();
    List<SnapshotDefinition> registered = new ArrayList<>();
    for (Plan p : plans) {
      registered.add(register(p, out));
    }
    api.cluster.satelliteRoundTrip();
    failIfATakeFails(plans, registered, out);
    for (int i = 0; i < plans.size(); i++) {
      complete(plans.get(i), registered.get(i), out);
    }
    // the satellites report back before the controller marks the snapshot SUCCESSFUL (recorded)
    api.cluster.satelliteRoundTrip();
    for (int i = 0; i < plans.size(); i++) {
      SnapshotDefinition snap = registered.get(i);
      if (plans.get(i).rd().snapshots().get(snap.name()) == snap) {
        snap.flags().add(SnapshotDefinition.FLAG_SUCCESSFUL);
      }
    }
    return out;
  }

  /** The abort path: every snapshot of the request is flagged failed and stays registered. */
  private static void failIfATakeFails(
      List<Plan> plans, List<SnapshotDefinition> registered, List<Rc> out) {
    for (Plan p : plans) {
      for (Resource rsc : p.targets()) {
        StoragePool pool = Resources.poolOf(rsc);
        if (pool == null || !pool.snapshotTakeFails()) {
          continue;
        }
        registered.forEach(s -> s.flags().add(SnapshotDefinition.FLAG_FAILED_DEPLOYMENT));
        List<Rc> reply = new ArrayList<>(out);
        reply.add(
            Rc.of(
                    RetCode.error(RetCode.CRT | RetCode.SNAPSHOT, RetCode.UNKNOWN_ERROR),
                    "("
                        + rsc.node().name()
                        + ") Failed to take snapshot '"
                        + p.request().name()
                        + "' of resource '"
                        + p.rd().name()
                        + "'")
                .ref("RscDfn", p.rd().name())
                .ref("Snapshot", p.request().name())
                .build());
        throw new ApiException(reply);
      }
    }
  }

  private Plan check(Request r, long crt) {
    String snapText = "Resource: " + r.resource() + ", Snapshot: " + r.name();
    ResourceDefinition rd = api.cluster.resourceDefinitions().get(String.valueOf(r.resource()));
    if (rd == null) {
      throw new ApiException(
          Lookup.rdNotFound(crt, String.valueOf(r.resource()))
              .details(snapText)
              .ref("RscDfn", String.valueOf(r.resource()))
              .ref("Snapshot", r.name())
              .build());
    }
    String invalid = Names.invalidReason(r.name(), 2, Names.MAX_RSC_NAME);
    if (invalid != null) {
      throw new ApiException(
          Rc.of(
                  RetCode.error(crt, RetCode.INVLD_SNAPSHOT_NAME),
                  "The given snapshot name '" + r.name() + "' is invalid.")
              .cause(invalid)
              .details(snapText)
              .report(api.cluster.newReportId())
              .ref("RscDfn", rd.name())
              .ref("Snapshot", r.name())
              .build());
    }
    if (rd.snapshots().containsKey(r.name())) {
      throw new ApiException(exists(r, rd, crt));
    }
    PropsChange.validate(
        api.cluster,
        r.props(),
        new PropsChange.Target(
            crt,
            crt,
            crt,
            snapText,
            PropsChange.refs("RscDfn", rd.name(), "Snapshot", String.valueOf(r.name()))));
    List<Resource> diskful = rd.diskfulResources();
    for (Resource rsc : diskful) {
      StoragePool pool = Resources.poolOf(rsc);
      if (pool != null && (!pool.kind().supportsSnapshots() || pool.snapshotsBroken())) {
        Rc.Builder rc =
            Rc.of(
                    RetCode.error(crt, RetCode.SNAPSHOTS_NOT_SUPPORTED),
                    "Storage driver '" + pool.kind().name() + "' does not support snapshots.")
                .details(
                    "Used for storage pool '"
                        + pool.name()
                        + "' on '"
                        + rsc.node().name()
                        + "'.\n"
                        + (r.nodes() == null || r.nodes().isEmpty()
                            ? ""
                            : "Nodes: " + String.join(", ", r.nodes()) + "; ")
                        + snapText)
                .report(api.cluster.newReportId());
        if (!r.multi()) {
          rc.ref("RscDfn", rd.name()).ref("Snapshot", r.name());
        }
        throw new ApiException(rc.build());
      }
    }
    List<Resource> targets = new ArrayList<>();
    if (r.nodes() != null && !r.nodes().isEmpty()) {
      for (String node : r.nodes()) {
        Resource rsc = rd.resources().get(node);
        if (rsc == null || rsc.diskless() || rsc.deleting()) {
          throw new ApiException(
              Rc.of(
                      RetCode.error(crt, RetCode.NOT_FOUND_RSC),
                      "Resource '" + rd.name() + "' on node '" + node + "' not found.")
                  .cause(
                      "The specified resource '"
                          + rd.name()
                          + "' on node '"
                          + node
                          + "' could not be found in the database")
                  .details("Nodes: " + String.join(", ", r.nodes()) + "; " + snapText)
                  .correction(
                      "Create a resource with the name '"
                          + rd.name()
                          + "' on node '"
                          + node
                          + "' first.")
                  .ref("RscDfn", rd.name())
                  .ref("Snapshot", r.name())
                  .build());
        }
        targets.add(rsc);
      }
    } else {
      targets.addAll(diskful);
    }
    if (targets.isEmpty()) {
      throw new ApiException(
          Rc.of(
                  RetCode.error(crt, RetCode.NOT_FOUND_RSC),
                  "Resource definition '" + rd.name() + "' has no diskful resource to snapshot.")
              .details(snapText)
              .ref("RscDfn", rd.name())
              .ref("Snapshot", r.name())
              .build());
    }
    return new Plan(r, rd, targets);
  }

  private static Rc exists(Request r, ResourceDefinition rd, long crt) {
    return Rc.of(
            RetCode.error(crt, RetCode.EXISTS_SNAPSHOT_DFN),
            "A snapshot definition with the name '"
                + r.name()
                + "' already exists in resource definition '"
                + rd.name()
                + "'.")
        .cause("The SnapshotDefinition already exists")
        .details("Resource: " + r.resource() + ", Snapshot: " + r.name())
        .ref("RscDfn", rd.name())
        .ref("Snapshot", r.name())
        .build();
  }

  private SnapshotDefinition register(Plan p, List<Rc> out) {
    long crt = RetCode.CRT | RetCode.SNAPSHOT;
    ResourceDefinition rd = p.rd();
    String name = p.request().name();
    List<SnapshotDefinition.VolumeSnapshot> volumes = new ArrayList<>();
    for (VolumeDefinition vd : rd.volumeDefinitions().values()) {
      Map<String, String> props = new TreeMap<>(vd.props());
      if (rd.hasDrbd()) {
        props.put("Linstor/Drbd/freeze-block-size", "True"); // recorded on DRBD snapshots
      }
      volumes.add(new SnapshotDefinition.VolumeSnapshot(vd.number(), vd.sizeKib(), props));
    }
    SnapshotDefinition snap = new SnapshotDefinition(name, rd, rd.props(), volumes);
    snap.props().put("BackupShipping/BackupNodeIdsToReset", "");
    snap.props().put("SequenceNumber", String.valueOf(rd.takeSnapshotSequence()));
    snap.props().putAll(p.request().props());
    for (Resource rsc : p.targets()) {
      if (!rsc.node().online()) {
        out.add(
            Rc.of(
                    RetCode.warn(crt, 0),
                    "Snapshot for resource '"
                        + rd.name()
                        + "' will not be created on node '"
                        + rsc.node().name()
                        + "' because that node is currently offline.")
                .ref("RscDfn", rd.name())
                .ref("Snapshot", name)
                .build());
        continue;
      }
      StoragePool pool = Resources.poolOf(rsc);
      snap.nodes()
          .put(
              rsc.node().name(),
              new NodeSnapshot(
                  rsc.node().name(),
                  pool == null ? null : pool.name(),
                  rsc.props(),
                  List.copyOf(rsc.volumes().keySet())));
    }
    rd.snapshots().put(name, snap);
    String onNodes =
        p.request().nodes() == null || p.request().nodes().isEmpty()
            ? ""
            : " on nodes '" + String.join(", ", p.request().nodes()) + "'";
    Rc.Builder rc =
        Rc.of(
                RetCode.success(crt, RetCode.CREATED),
                "New snapshot '"
                    + name
                    + "' of resource '"
                    + rd.name()
                    + "'"
                    + onNodes
                    + " registered.")
            .details(
                "Snapshot '"
                    + name
                    + "' of resource '"
                    + rd.name()
                    + "'"
                    + onNodes
                    + " UUID is: "
                    + snap.uuid());
    if (!p.request().multi()) {
      rc.ref("Snapshot", name);
    }
    rc.ref("UUID", snap.uuid().toString());
    if (!p.request().multi()) {
      rc.ref("RscDfn", rd.name());
    }
    out.add(rc.build());
    return snap;
  }

  private void complete(Plan p, SnapshotDefinition snap, List<Rc> out) {
    ResourceDefinition rd = p.rd();
    if (rd.removed() || rd.snapshots().get(snap.name()) != snap) {
      return;
    }
    long crt = RetCode.CRT | RetCode.SNAPSHOT;
    String name = snap.name();
    Map<String, String> refs = PropsChange.refs("RscDfn", rd.name(), "Snapshot", name);
    // a multi-snapshot reports suspending and resuming IO per node for all its resources at once
    Map<String, String> ioRefs = p.request().multi() ? Map.of() : refs;
    for (VolumeDefinition vd : rd.volumeDefinitions().values()) {
      if (vd.backing() != null) {
        snap.backings()
            .put(
                vd.number(),
                api.cluster.store().snapshot(vd.backing(), rd.name(), name, vd.number()));
      }
    }
    long now = api.cluster.now();
    for (Resource rsc : rd.diskfulResources()) {
      if (!rsc.node().online()) {
        continue;
      }
      String node = rsc.node().name();
      if (!snap.nodes().containsKey(node)) {
        out.add(
            PropsChange.withRefs(
                Rc.of(
                        RetCode.success(crt, 0),
                        "("
                            + node
                            + ") Skipping processing unknown snapshot '"
                            + name
                            + "' of resource '"
                            + rd.name()
                            + "'")
                    .cause("Resource is already deleted"),
                refs));
        continue;
      }
      out.add(
          PropsChange.withRefs(
              Rc.of(
                  RetCode.success(crt, RetCode.MODIFIED),
                  "Suspended IO of '[" + rd.name() + "]' on '" + node + "' for snapshot"),
              ioRefs));
      out.addAll(
          DrbdEntries.adjusted(
              RetCode.CRT, rsc, PropsChange.refs("RscDfn", rd.name(), "Snapshot", name)));
      for (Volume v : rsc.volumes().values()) {
        out.add(volumeResized(rsc, v, name));
        Map<String, String> vrefs = PropsChange.refs("Snapshot", name, "RscDfn", rd.name());
        vrefs.put("VlmNr", String.valueOf(v.number()));
        out.add(
            PropsChange.withRefs(
                Rc.of(
                    RetCode.success(crt, RetCode.CREATED),
                    "("
                        + node
                        + ") Snapshot ["
                        + v.pool().kind().label()
                        + "] with name '"
                        + name
                        + "' of resource '"
                        + rd.name()
                        + "', volume number "
                        + v.number()
                        + " created."),
                vrefs));
      }
      out.add(
          PropsChange.withRefs(
              Rc.of(
                  RetCode.success(crt, RetCode.MODIFIED),
                  "Took snapshot of '[" + rd.name() + "]' on '" + node + "'"),
              ioRefs));
      out.add(
          PropsChange.withRefs(
              Rc.of(
                  RetCode.success(crt, RetCode.MODIFIED),
                  "Resumed IO of '[" + rd.name() + "]' on '" + node + "' after snapshot"),
              ioRefs));
      snap.nodes().get(node).setCreateTimestamp(now);
    }
  }

  private static Rc volumeResized(Resource rsc, Volume v, String snapshot) {
    Map<String, String> refs =
        PropsChange.refs("Snapshot", snapshot, "RscDfn", rsc.definition().name());
    refs.put("VlmNr", String.valueOf(v.number()));
    return PropsChange.withRefs(
        Rc.of(
            RetCode.success(RetCode.CRT | RetCode.VLM, RetCode.MODIFIED),
            "("
                + rsc.node().name()
                + ") Volume number "
                + v.number()
                + " of resource '"
                + rsc.definition().name()
                + "' ["
                + v.pool().kind().label()
                + "] resized"),
        refs);
  }

  // ------------------------------------------------------------------ delete

  private Reply delete(Call call) {
    String rdName = call.param("resource");
    String name = call.param("snapshot");
    List<String> nodes = call.queryAll("nodes");
    return api.cluster.locked(() -> Reply.rc(delete(rdName, name, nodes), 200));
  }

  private List<Rc> delete(String rdName, String name, List<String> nodeFilter) {
    long del = RetCode.DEL | RetCode.SNAPSHOT;
    ResourceDefinition rd = api.cluster.resourceDefinitions().get(rdName);
    SnapshotDefinition snap = rd == null ? null : rd.snapshots().get(name);
    Map<String, String> refs = PropsChange.refs("RscDfn", rdName, "Snapshot", name);
    if (snap == null || snap.flags().contains(SnapshotDefinition.FLAG_DELETE)) {
      return List.of(
          PropsChange.withRefs(
              Rc.of(
                      RetCode.warn(del, RetCode.NOT_FOUND),
                      "Snapshot definition " + name + " of resource " + rdName + " not found.")
                  .details("Resource: " + rdName + ", Snapshot: " + name),
              refs));
    }
    refuseWhileShipping(snap);
    List<String> selected =
        snap.nodes().keySet().stream().filter(n -> Api.nameIn(nodeFilter, n)).toList();
    boolean whole = selected.size() == snap.nodes().size();
    List<Rc> out = new ArrayList<>();
    for (String node : selected) {
      out.add(
          PropsChange.withRefs(
              Rc.of(
                  RetCode.success(del, RetCode.DELETED),
                  "Marked snapshot for deletion snapshot '"
                      + name
                      + "' of resource '"
                      + rdName
                      + "' on nodes '"
                      + node
                      + "'"),
              refs));
      snap.nodes().get(node).flags().add(SnapshotDefinition.FLAG_DELETE);
    }
    if (whole) {
      snap.flags().add(SnapshotDefinition.FLAG_DELETE);
    }
    api.cluster.satelliteRoundTrip();
    if (!whole) {
      for (String node : snap.nodes().keySet()) {
        if (!selected.contains(node)) {
          out.add(
              PropsChange.withRefs(
                  Rc.of(
                      RetCode.success(del, RetCode.MODIFIED),
                      "Updated snapshot '" + name + "' of '" + rdName + "' on '" + node + "'"),
                  refs));
        }
      }
    }
    for (String node : selected) {
      NodeSnapshot ns = snap.nodes().remove(node);
      for (NodeSnapshot.SnapshotVolume sv : ns.volumes()) {
        Map<String, String> vrefs = PropsChange.refs("Snapshot", name, "RscDfn", rdName);
        vrefs.put("VlmNr", String.valueOf(sv.number()));
        String kind = poolLabel(rd, ns);
        out.add(
            PropsChange.withRefs(
                Rc.of(
                    RetCode.success(del, RetCode.DELETED),
                    "("
                        + node
                        + ") Snapshot ["
                        + kind
                        + "] with name '"
                        + name
                        + "' of resource '"
                        + rdName
                        + "', volume number "
                        + sv.number()
                        + " deleted."),
                vrefs));
      }
      out.add(
          PropsChange.withRefs(
              Rc.of(
                  RetCode.success(del, RetCode.MODIFIED),
                  "Deleted snapshot '" + name + "' of '" + rdName + "' on '" + node + "'"),
              refs));
    }
    out.add(
        PropsChange.withRefs(
            Rc.of(
                RetCode.success(del, RetCode.DELETED),
                "Snapshot '"
                    + name
                    + "' of resource '"
                    + rdName
                    + "' on nodes '"
                    + selected.stream().collect(Collectors.joining(", "))
                    + "' deleted."),
            refs));
    if (snap.nodes().isEmpty()) {
      rd.snapshots().remove(name);
      snap.backings().values().forEach(api.cluster.store()::deleteSnapshot);
      snap.backings().clear();
      out.add(
          Rc.of(
                  RetCode.success(del, RetCode.DELETED),
                  "Snapshot '" + name + "' of resource '" + rdName + "' deleted.")
              .details(
                  "Snapshot '" + name + "' of resource '" + rdName + "' UUID was: " + snap.uuid())
              .ref("Snapshot", name)
              .ref("UUID", snap.uuid().toString())
              .ref("RscDfn", rdName)
              .build());
    }
    return out;
  }

  private static String poolLabel(ResourceDefinition rd, NodeSnapshot ns) {
    Resource rsc = rd.resources().get(ns.nodeName());
    StoragePool pool = rsc == null ? null : Resources.poolOf(rsc);
    return pool == null ? "STORAGE" : pool.kind().label();
  }

  /**
   * A snapshot being shipped (to or from a remote) or queued for shipping stays
   * (CtrlSnapshotDeleteApiCallHandler, BackupShippingUtils.isAnyShippingInProgress).
   */
  private void refuseWhileShipping(SnapshotDefinition snap) {
    String what = "Snapshot definition " + snap.name() + " of resource " + snap.definition().name();
    boolean shipping =
        snap.props().entrySet().stream()
            .anyMatch(
                e ->
                    e.getKey().startsWith(BackupProps.NAMESPACE + "/")
                        && e.getKey().endsWith("/" + BackupProps.STATUS)
                        && BackupProps.SHIPPING.equals(e.getValue()));
    String reason =
        shipping
            ? " is currently being shipped as a backup."
            : queuedForBackup.test(snap) ? " is currently being queued for backup shipping." : null;
    if (reason != null) {
      throw new ApiException(
          Rc.of(
                  RetCode.error(RetCode.DEL | RetCode.SNAPSHOT, RetCode.IN_USE),
                  what
                      + reason
                      + " Please wait until the shipping is finished or use backup abort --create")
              .build());
    }
  }
}
