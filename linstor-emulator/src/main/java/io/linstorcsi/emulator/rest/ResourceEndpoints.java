package io.linstorcsi.emulator.rest;

import io.linstorcsi.emulator.rc.ApiException;
import io.linstorcsi.emulator.rc.Rc;
import io.linstorcsi.emulator.rc.RetCode;
import io.linstorcsi.emulator.server.Call;
import io.linstorcsi.emulator.server.Reply;
import io.linstorcsi.emulator.server.Router;
import io.linstorcsi.emulator.state.AutoQuorum;
import io.linstorcsi.emulator.state.Node;
import io.linstorcsi.emulator.state.Resource;
import io.linstorcsi.emulator.state.ResourceDefinition;
import io.linstorcsi.emulator.state.Resources;
import io.linstorcsi.emulator.state.SelectFilter;
import io.linstorcsi.emulator.state.StoragePool;
import io.linstorcsi.emulator.state.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Resources of a definition: create, place, make available, modify, delete, and the views. */
final class ResourceEndpoints {
  private final Api api;
  private final ResourceOps ops;

  ResourceEndpoints(Api api, ResourceOps ops) {
    this.api = api;
    this.ops = ops;
  }

  void register(Router router) {
    String base = "/v1/resource-definitions/{resource}/resources";
    router.add("GET", base, this::list);
    router.add("POST", base, this::createList);
    router.add("GET", base + "/{node}", this::get);
    router.add("POST", base + "/{node}", this::createOne);
    router.add("PUT", base + "/{node}", this::modify);
    router.add("DELETE", base + "/{node}", this::delete);
    router.add("POST", base + "/{node}/make-available", this::makeAvailable);
    router.add("PUT", base + "/{node}/toggle-disk/diskful", c -> toggleDisk(c, true));
    router.add("PUT", base + "/{node}/toggle-disk/diskful/{storagepool}", c -> toggleDisk(c, true));
    router.add("PUT", base + "/{node}/toggle-disk/diskless", c -> toggleDisk(c, false));
    router.add(
        "PUT", base + "/{node}/toggle-disk/diskless/{disklesspool}", c -> toggleDisk(c, false));
    router.add("GET", base + "/{node}/volumes", this::volumes);
    router.add("GET", base + "/{node}/volumes/{volume_number}", this::volume);
    router.add("POST", "/v1/resource-definitions/{resource}/autoplace", this::autoplace);
    router.add("GET", "/v1/view/resources", this::view);
  }

  // ------------------------------------------------------------------ reads

  private Reply list(Call call) {
    return api.cluster.locked(
        () -> {
          ResourceDefinition rd = Lookup.rdForList(api.cluster, call.param("resource"));
          List<Out.Resource> out = new ArrayList<>();
          for (Resource rsc : rd.resources().values()) {
            out.add(api.views.resource(rsc, false));
          }
          return Reply.ok(out);
        });
  }

  private Reply get(Call call) {
    return api.cluster.locked(
        () -> Reply.ok(api.views.resource(resourceForGet(call, false), false)));
  }

  private Resource resourceForGet(Call call, boolean volumesWording) {
    ResourceDefinition rd = Lookup.rdForGet(api.cluster, call.param("resource"));
    String node = call.param("node");
    Resource rsc = rd.resources().get(node);
    if (rsc == null) {
      String message =
          volumesWording
              ? "Resource '" + rd.name() + "' not found on node '" + node + "'."
              : "Resource '" + rd.name() + "' on '" + node + "' not found.";
      throw new ApiException(Rc.of(RetCode.error(0, RetCode.NOT_FOUND_RSC), message).build());
    }
    return rsc;
  }

  private Reply volumes(Call call) {
    return api.cluster.locked(
        () -> {
          Resource rsc = resourceForGet(call, true);
          return Reply.ok(
              rsc.volumes().values().stream().map(v -> api.views.volume(rsc, v)).toList());
        });
  }

  private Reply volume(Call call) {
    return api.cluster.locked(
        () -> {
          Resource rsc = resourceForGet(call, true);
          String number = call.param("volume_number");
          Volume v = null;
          try {
            v = rsc.volumes().get(Integer.parseInt(number));
          } catch (NumberFormatException e) {
            v = null;
          }
          if (v == null) {
            throw new ApiException(
                Rc.of(
                        RetCode.error(0, RetCode.NOT_FOUND_VLM),
                        "Volume '"
                            + number
                            + "' of resource '"
                            + rsc.definition().name()
                            + "' on node '"
                            + rsc.node().name()
                            + "' not found.")
                    .build());
          }
          return Reply.ok(api.views.volume(rsc, v));
        });
  }

  private Reply view(Call call) {
    List<String> nodes = call.queryAll("nodes");
    List<String> resources = call.queryAll("resources");
    List<String> props = call.queryAll("props");
    return api.cluster.locked(
        () -> {
          List<Out.Resource> out = new ArrayList<>();
          for (ResourceDefinition rd : api.cluster.resourceDefinitions().values()) {
            if (!Api.nameIn(resources, rd.name())) {
              continue;
            }
            for (Resource rsc : rd.resources().values()) {
              if (Api.nameIn(nodes, rsc.node().name()) && Api.propsMatch(rsc.props(), props)) {
                out.add(api.views.resource(rsc, true));
              }
            }
          }
          return Reply.ok(Api.page(out, call));
        });
  }

  // ------------------------------------------------------------------ create

  private Reply createList(Call call) {
    In.ResourceCreate[] body = call.body(In.ResourceCreate[].class);
    return api.cluster.locked(() -> Reply.rc(create(call.param("resource"), List.of(body)), 201));
  }

  private Reply createOne(Call call) {
    In.ResourceCreate body = call.body(In.ResourceCreate.class);
    In.Resource rsc = body.resource();
    In.Resource withNode =
        new In.Resource(
            rsc == null ? null : rsc.name(),
            call.param("node"),
            rsc == null ? null : rsc.props(),
            null,
            rsc == null ? null : rsc.flags(),
            null,
            null,
            null,
            null);
    In.ResourceCreate fixed =
        new In.ResourceCreate(
            withNode,
            body.layerList(),
            body.drbdNodeId(),
            body.drbdTcpPortCount(),
            body.drbdTcpPorts(),
            body.snapNames(),
            body.copyAllSnaps(),
            body.drbdClient());
    return api.cluster.locked(() -> Reply.rc(create(call.param("resource"), List.of(fixed)), 201));
  }

  private List<Rc> create(String rdName, List<In.ResourceCreate> items) {
    long crt = RetCode.CRT | RetCode.RSC;
    String nodesText =
        items.stream()
            .map(i -> i.resource() == null ? "null" : "'" + i.resource().nodeName() + "'")
            .reduce((a, b) -> a + ", " + b)
            .orElse("");
    ResourceDefinition rd = api.cluster.resourceDefinitions().get(rdName);
    if (rd == null) {
      throw new ApiException(
          Lookup.rdNotFound(crt, rdName)
              .details("Node(s): " + nodesText + ", Resource: '" + rdName + "'")
              .ref("RscDfn", rdName)
              .build());
    }
    List<Rc> out = new ArrayList<>();
    List<ResourceOps.Spec> specs = new ArrayList<>();
    List<String> layers = null;
    for (In.ResourceCreate item : items) {
      In.Resource in = item.resource();
      String nodeName = in == null ? null : in.nodeName();
      Node node = nodeName == null ? null : api.cluster.nodes().get(nodeName);
      if (node == null) {
        throw new ApiException(Lookup.nodeNotFound(0, String.valueOf(nodeName)).build());
      }
      if (rd.resources().containsKey(node.name())) {
        out.add(
            Rc.of(
                    RetCode.info(crt, RetCode.RSC_ALREADY_EXISTS),
                    "A resource '" + rd.name() + "' on node '" + node.name() + "' already exists.")
                .cause("Resource already exists")
                .details("Node(s): '" + node.name() + "', Resource: '" + rd.name() + "'")
                .ref("RscDfn", rd.name())
                .build());
        continue;
      }
      layers = ops.layers(rd, item.layerList());
      ops.requireLayersSupported(layers, crt, Map.of("RscDfn", rd.name()));
      boolean diskless =
          (in.flags() != null
                  && (in.flags().contains(Resource.FLAG_DRBD_DISKLESS)
                      || in.flags().contains(Resource.FLAG_DISKLESS)))
              || Boolean.TRUE.equals(item.drbdClient());
      StoragePool pool = null;
      String poolName = in.props() == null ? null : in.props().get(Resources.PROP_STOR_POOL);
      if (poolName != null) {
        pool = requirePool(rd, node, poolName, crt);
        diskless = diskless || pool.diskless();
      } else if (!diskless) {
        pool = resolvePool(rd, node, crt);
      }
      ResourceOps.Spec spec =
          new ResourceOps.Spec(node, diskless ? null : pool, diskless, in.props());
      ops.requireSpace(rd, spec);
      specs.add(spec);
    }
    if (specs.isEmpty()) {
      return out;
    }
    out.addAll(ops.create(rd, specs, layers, Map.of(), true));
    return out;
  }

  private StoragePool requirePool(ResourceDefinition rd, Node node, String poolName, long mask) {
    StoragePool pool = node.pools().get(poolName);
    if (pool != null) {
      return pool;
    }
    String details = "Node(s): '" + node.name() + "', Resource: '" + rd.name() + "'";
    if (!api.cluster.storagePoolDefinitions().contains(poolName)) {
      throw new ApiException(
          Rc.of(
                  RetCode.error(mask, RetCode.NOT_FOUND_STOR_POOL_DFN),
                  "Storage pool definition '" + poolName + "' not found.")
              .cause(
                  "The specified storage pool definition '"
                      + poolName
                      + "' could not be found in the database")
              .details(details)
              .correction("Create a storage pool definition '" + poolName + "' first.")
              .ref("RscDfn", rd.name())
              .build());
    }
    throw new ApiException(
        Rc.of(
                RetCode.error(mask, RetCode.NOT_FOUND_STOR_POOL),
                "Storage pool '" + poolName + "' on node '" + node.name() + "' not found.")
            .cause(
                "The specified storage pool '"
                    + poolName
                    + "' on node '"
                    + node.name()
                    + "' could not be found in the database")
            .details(details)
            .correction(
                "Create a storage pool '" + poolName + "' on node '" + node.name() + "' first.")
            .ref("RscDfn", rd.name())
            .build());
  }

  /**
   * The pool of an explicitly created diskful resource without {@code StorPoolName}: the property
   * from the volume, resource or group definition or the node, else a pool the diskful peers use,
   * else {@code DfltStorPool} (linstor-server CtrlStorPoolResolveHelper.resolveStorPool).
   */
  private StoragePool resolvePool(ResourceDefinition rd, Node node, long mask) {
    String key = Resources.PROP_STOR_POOL;
    List<String> candidates = new ArrayList<>();
    for (var vd : rd.volumeDefinitions().values()) {
      if (vd.props().containsKey(key)) {
        candidates.add(vd.props().get(key));
      }
    }
    for (Map<String, String> props : List.of(rd.props(), rd.group().props(), node.props())) {
      if (props.containsKey(key)) {
        candidates.add(props.get(key));
      }
    }
    String named = candidates.isEmpty() ? null : candidates.get(0);
    if (named == null) {
      for (Resource peer : rd.diskfulResources()) {
        StoragePool peerPool = Resources.poolOf(peer);
        if (peerPool != null && peer.node() != node) {
          candidates.add(peerPool.name());
        }
      }
      candidates.add("DfltStorPool");
    }
    for (String name : candidates) {
      StoragePool pool = node.pools().get(name);
      if (pool != null && !pool.diskless()) {
        return pool;
      }
    }
    int volume =
        rd.volumeDefinitions().isEmpty() ? 0 : rd.volumeDefinitions().keySet().iterator().next();
    throw new ApiException(
        Rc.of(
                RetCode.error(mask, RetCode.NOT_FOUND_DFLT_STOR_POOL),
                "The storage pool '"
                    + named
                    + "' for resource '"
                    + rd.name()
                    + "' for volume number '"
                    + volume
                    + "' is not deployed on node '"
                    + node.name()
                    + "'.")
            .details(
                "The resource which should be deployed had at least one volume definition (volume"
                    + " number '"
                    + volume
                    + "') which LINSTOR tried to automatically create. The storage pool name for this"
                    + " new volume was looked for, in order, in: the properties of the resource, volume"
                    + " definition, resource definition and node, and finally in a system wide default"
                    + " storage pool name defined by the LINSTOR Controller.")
            .ref("RscDfn", rd.name())
            .build());
  }

  // ------------------------------------------------------------------ autoplace

  private Reply autoplace(Call call) {
    In.AutoPlaceRequest body = call.body(In.AutoPlaceRequest.class);
    String name = call.param("resource");
    return api.cluster.locked(
        () -> {
          long crt = RetCode.CRT | RetCode.RSC;
          ResourceDefinition rd = api.cluster.resourceDefinitions().get(name);
          if (rd == null) {
            throw new ApiException(
                Lookup.rdNotFound(crt, name)
                    .details("Auto-placing resource: " + name)
                    .ref("RscDfn", name)
                    .build());
          }
          SelectFilter filter = rd.group().selectFilter().overlay(Filters.of(body.selectFilter()));
          List<String> layers =
              ops.layers(rd, body.layerList() != null ? body.layerList() : filter.layerStack());
          ops.requireLayersSupported(layers, crt, Map.of("RscDfn", rd.name()));
          boolean disklessOnRemaining =
              Boolean.TRUE.equals(body.disklessOnRemaining())
                  || Boolean.TRUE.equals(filter.disklessOnRemaining());
          List<Rc> out =
              ops.autoplace(
                  rd,
                  filter,
                  layers,
                  disklessOnRemaining,
                  new ResourceOps.PlaceContext(
                      RetCode.RSC, Map.of(), "Auto-placing resource: " + rd.name(), true));
          if (out == null) {
            return Reply.rc(List.of(ops.alreadyDeployed(rd, RetCode.RSC, Map.of())), 201);
          }
          return Reply.rc(out, 201);
        });
  }

  // ------------------------------------------------------------------ make-available

  private Reply makeAvailable(Call call) {
    In.ResourceMakeAvailable body = call.body(In.ResourceMakeAvailable.class);
    String rdName = call.param("resource");
    String nodeName = call.param("node");
    return api.cluster.locked(
        () -> {
          long crt = RetCode.CRT | RetCode.RSC;
          Map<String, String> extra = Map.of("Node", nodeName);
          ResourceDefinition rd = api.cluster.resourceDefinitions().get(rdName);
          if (rd == null) {
            throw new ApiException(
                Lookup.rdNotFound(crt, rdName)
                    .details("Node: " + nodeName + ", Resource: '" + rdName + "'")
                    .ref("RscDfn", rdName)
                    .ref("Node", nodeName)
                    .build());
          }
          Node node = api.cluster.nodes().get(nodeName);
          if (node == null) {
            throw new ApiException(
                Lookup.nodeNotFound(crt, nodeName)
                    .details("Node: " + nodeName + ", Resource: '" + rd.name() + "'")
                    .ref("RscDfn", rd.name())
                    .ref("Node", nodeName)
                    .build());
          }
          boolean diskful = Boolean.TRUE.equals(body.diskful());
          Resource existing = rd.resources().get(node.name());
          if (existing != null && !existing.deleting()) {
            return Reply.rc(makeExistingAvailable(rd, existing, diskful), 200);
          }
          List<String> layers = ops.layers(rd, body.layerList());
          ops.requireLayersSupported(layers, crt, ResourceOps.refs("RscDfn", rd.name(), extra));
          // without DRBD there is no diskless access, so the replica becomes diskful (recorded)
          boolean diskless = !diskful && layers.contains("DRBD");
          StoragePool pool = diskless ? null : ops.defaultPool(rd, node);
          if (!diskless && pool == null) {
            throw new ApiException(
                Rc.of(
                        RetCode.error(crt, RetCode.NOT_FOUND_STOR_POOL),
                        "No storage pool for resource '"
                            + rd.name()
                            + "' on node '"
                            + node.name()
                            + "'.")
                    .ref("RscDfn", rd.name())
                    .ref("Node", node.name())
                    .build());
          }
          ResourceOps.Spec spec =
              new ResourceOps.Spec(
                  node,
                  pool,
                  diskless,
                  Map.of(
                      Resources.PROP_STOR_POOL,
                      diskless ? StoragePool.DISKLESS_POOL : pool.name()));
          ops.requireSpace(rd, spec);
          return Reply.rc(ops.create(rd, List.of(spec), layers, extra, true), 200);
        });
  }

  private List<Rc> makeExistingAvailable(ResourceDefinition rd, Resource rsc, boolean diskful) {
    Map<String, String> refs =
        ResourceOps.refs("RscDfn", rd.name(), Map.of("Node", rsc.node().name()));
    List<Rc> out = new ArrayList<>();
    if (rsc.tieBreaker()) {
      // a tie-breaker that is asked for becomes an ordinary diskless replica
      rsc.flags().remove(Resource.FLAG_TIE_BREAKER);
      out.add(
          ResourceOps.withRefs(
              Rc.of(
                  RetCode.info(RetCode.CRT | RetCode.RSC, RetCode.TIE_BREAKER_TAKEOVER),
                  "The tie breaker resource '"
                      + rd.name()
                      + "' on '"
                      + rsc.node().name()
                      + "' was taken over as a diskless resource"),
              refs));
    }
    if (diskful && rsc.diskless()) {
      StoragePool pool = ops.defaultPool(rd, rsc.node());
      if (pool == null) {
        throw new ApiException(
            ResourceOps.withRefs(
                Rc.of(
                    RetCode.error(RetCode.CRT | RetCode.RSC, RetCode.NOT_FOUND_STOR_POOL),
                    "No storage pool for resource '"
                        + rd.name()
                        + "' on node '"
                        + rsc.node().name()
                        + "'."),
                refs));
      }
      out.addAll(ops.addDisk(rsc, pool));
    }
    if (out.isEmpty()) {
      out.add(
          ResourceOps.withRefs(
              Rc.of(
                  RetCode.success(RetCode.CRT | RetCode.RSC, 0),
                  "Resource already deployed as requested"),
              refs));
    }
    out.addAll(AutoQuorum.apply(api.cluster, rd));
    return out;
  }

  // ------------------------------------------------------------------ toggle disk

  private Reply toggleDisk(Call call, boolean diskful) {
    String rdName = call.param("resource");
    String nodeName = call.param("node");
    return api.cluster.locked(
        () -> {
          long mod = RetCode.MOD | RetCode.RSC;
          ResourceDefinition rd = api.cluster.resourceDefinitions().get(rdName);
          Resource rsc = rd == null ? null : rd.resources().get(nodeName);
          Map<String, String> refs = ResourceOps.refs("RscDfn", rdName, Map.of("Node", nodeName));
          if (rsc == null || rsc.deleting()) {
            throw new ApiException(
                ResourceOps.withRefs(
                    Rc.of(
                        RetCode.error(mod, RetCode.NOT_FOUND_RSC),
                        "Resource '" + rdName + "' on node '" + nodeName + "' not found."),
                    refs));
          }
          if (diskful == !rsc.diskless()) {
            return Reply.rc(
                List.of(
                    ResourceOps.withRefs(
                        Rc.of(
                            RetCode.info(mod, RetCode.NOOP),
                            "Resource '"
                                + rd.name()
                                + "' on node '"
                                + nodeName
                                + "' is already "
                                + (diskful ? "diskful" : "diskless")),
                        refs)),
                200);
          }
          if (!diskful) {
            return Reply.rc(ops.removeDisk(rsc), 200);
          }
          String poolName = call.param("storagepool");
          StoragePool pool =
              poolName == null
                  ? ops.defaultPool(rd, rsc.node())
                  : requirePool(rd, rsc.node(), poolName, mod);
          if (pool == null) {
            throw new ApiException(
                ResourceOps.withRefs(
                    Rc.of(
                        RetCode.error(mod, RetCode.NOT_FOUND_STOR_POOL),
                        "No storage pool for resource '"
                            + rd.name()
                            + "' on node '"
                            + nodeName
                            + "'."),
                    refs));
          }
          return Reply.rc(ops.addDisk(rsc, pool), 200);
        });
  }

  // ------------------------------------------------------------------ modify / delete

  private Reply modify(Call call) {
    In.ResourceModify body = call.body(In.ResourceModify.class);
    String rdName = call.param("resource");
    String nodeName = call.param("node");
    return api.cluster.locked(
        () -> {
          long mod = RetCode.MOD | RetCode.RSC;
          ResourceDefinition rd = api.cluster.resourceDefinitions().get(rdName);
          Resource rsc = rd == null ? null : rd.resources().get(nodeName);
          Map<String, String> refs = ResourceOps.refs("RscDfn", rdName, Map.of("Node", nodeName));
          if (rsc == null) {
            throw new ApiException(
                ResourceOps.withRefs(
                    Rc.of(
                            RetCode.error(mod, RetCode.NOT_FOUND_RSC),
                            "Resource '" + rdName + "' on node '" + nodeName + "' not found.")
                        .cause(
                            "The specified resource '"
                                + rdName
                                + "' on node '"
                                + nodeName
                                + "' could not be found in the database")
                        .details("Node: " + nodeName + ", Resource: " + rdName)
                        .correction(
                            "Create a resource with the name '"
                                + rdName
                                + "' on node '"
                                + nodeName
                                + "' first."),
                    refs));
          }
          List<Rc> out =
              PropsChange.apply(
                  api.cluster,
                  rsc.props(),
                  body.overrideProps(),
                  body.deleteProps(),
                  body.deleteNamespaces(),
                  new PropsChange.Target(
                      RetCode.CRT | RetCode.RSC,
                      RetCode.DEL | RetCode.RSC,
                      mod,
                      "Node: " + nodeName + ", Resource: " + rdName,
                      refs));
          Map<String, String> uuidRefs = ResourceOps.refs("UUID", rsc.uuid().toString(), refs);
          out.add(
              ResourceOps.withRefs(
                  Rc.of(
                          RetCode.success(mod, RetCode.MODIFIED),
                          "Resource '" + rd.name() + "' on node '" + nodeName + "' modified.")
                      .details(
                          "Resource '"
                              + rd.name()
                              + "' on node '"
                              + nodeName
                              + "' UUID is: "
                              + rsc.uuid()),
                  uuidRefs));
          for (Resource peer : rd.liveResources()) {
            if (peer.node().online() && peer.deployed()) {
              for (Volume v : peer.volumes().values()) {
                Map<String, String> vrefs = ResourceOps.refs("RscDfn", rd.name(), Map.of());
                vrefs.put("VlmNr", String.valueOf(v.number()));
                vrefs.put("Node", nodeName);
                out.add(
                    ResourceOps.withRefs(
                        Rc.of(
                            RetCode.success(RetCode.MOD | RetCode.VLM, RetCode.MODIFIED),
                            "("
                                + peer.node().name()
                                + ") Volume number "
                                + v.number()
                                + " of resource '"
                                + rd.name()
                                + "' ["
                                + v.pool().kind().label()
                                + "] resized"),
                        vrefs));
              }
            }
          }
          return Reply.rc(out, 200);
        });
  }

  private Reply delete(Call call) {
    String rdName = call.param("resource");
    String nodeName = call.param("node");
    return api.cluster.locked(
        () -> {
          ResourceDefinition rd = api.cluster.resourceDefinitions().get(rdName);
          Resource rsc = rd == null ? null : rd.resources().get(nodeName);
          if (rsc == null || rsc.deleting()) {
            String text = "Node: " + nodeName + ", Resource: " + rdName;
            return Reply.rc(
                List.of(
                    Rc.of(
                            RetCode.warn(RetCode.DEL | RetCode.RSC, RetCode.NOT_FOUND),
                            text + " not found.")
                        .details(text)
                        .ref("RscDfn", rdName)
                        .ref("Node", nodeName)
                        .build()),
                200);
          }
          return Reply.rc(ops.delete(rsc), 200);
        });
  }
}
