package io.linstorcsi.emulator.rest;

import io.linstorcsi.emulator.rc.ApiException;
import io.linstorcsi.emulator.rc.Rc;
import io.linstorcsi.emulator.rc.RetCode;
import io.linstorcsi.emulator.server.Call;
import io.linstorcsi.emulator.server.Reply;
import io.linstorcsi.emulator.server.Router;
import io.linstorcsi.emulator.state.Capacity;
import io.linstorcsi.emulator.state.Names;
import io.linstorcsi.emulator.state.Node;
import io.linstorcsi.emulator.state.ProviderKind;
import io.linstorcsi.emulator.state.StoragePool;
import io.linstorcsi.emulator.state.StoragePools;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Storage pools per node, the cluster-wide pool view and the pool definitions. */
final class StoragePoolEndpoints {
  private final Api api;

  StoragePoolEndpoints(Api api) {
    this.api = api;
  }

  void register(Router router) {
    router.add("GET", "/v1/nodes/{node}/storage-pools", this::list);
    router.add("POST", "/v1/nodes/{node}/storage-pools", this::create);
    router.add("GET", "/v1/nodes/{node}/storage-pools/{storagepool}", this::get);
    router.add("PUT", "/v1/nodes/{node}/storage-pools/{storagepool}", this::modify);
    router.add("DELETE", "/v1/nodes/{node}/storage-pools/{storagepool}", this::delete);
    router.add("GET", "/v1/view/storage-pools", this::view);
    router.add("GET", "/v1/storage-pool-definitions", this::definitions);
  }

  private Node node(String name, boolean withCause) {
    Node node = api.cluster.nodes().get(name);
    if (node == null) {
      Rc.Builder rc =
          Rc.of(RetCode.error(0, RetCode.NOT_FOUND_NODE), "Node '" + name + "' not found.");
      if (withCause) {
        rc.cause("The specified node '" + name + "' could not be found in the database")
            .correction("Create a node with the name '" + name + "' first.");
      }
      throw new ApiException(rc.build());
    }
    return node;
  }

  private Reply list(Call call) {
    return api.cluster.locked(
        () -> {
          Node node = node(call.param("node"), true);
          List<Out.StoragePool> out = new ArrayList<>();
          for (StoragePool pool : node.pools().values()) {
            out.add(api.views.pool(pool));
          }
          return Reply.ok(out);
        });
  }

  private Reply get(Call call) {
    return api.cluster.locked(
        () -> {
          Node node = node(call.param("node"), false);
          String name = call.param("storagepool");
          StoragePool pool = node.pools().get(name);
          if (pool == null) {
            throw new ApiException(
                Rc.of(
                        RetCode.error(0, RetCode.NOT_FOUND_STOR_POOL),
                        "Storage pool '" + name + "' on node '" + node.name() + "' not found.")
                    .build());
          }
          return Reply.ok(api.views.pool(pool));
        });
  }

  private Reply create(Call call) {
    In.StoragePool body = call.body(In.StoragePool.class);
    String nodeName = call.param("node");
    return api.cluster.locked(
        () -> {
          long crt = RetCode.CRT | RetCode.STOR_POOL;
          String name = body.storagePoolName();
          Node node = api.cluster.nodes().get(nodeName);
          if (node == null) {
            throw new ApiException(
                Rc.of(
                        RetCode.error(crt, RetCode.NOT_FOUND_NODE),
                        "Node '" + nodeName + "' not found.")
                    .cause(
                        "The specified node '" + nodeName + "' could not be found in the database")
                    .correction("Create a node with the name '" + nodeName + "' first.")
                    .ref("StorPoolDfn", String.valueOf(name))
                    .ref("Node", nodeName)
                    .build());
          }
          String invalid = Names.invalidReason(name, 2, 48);
          if (invalid != null) {
            throw new ApiException(
                Rc.of(
                        RetCode.error(crt, RetCode.INVLD_STOR_POOL_NAME),
                        "The specified storage pool name '" + name + "' is invalid.")
                    .cause(invalid)
                    .ref("StorPoolDfn", String.valueOf(name))
                    .ref("Node", node.name())
                    .build());
          }
          if (node.pools().containsKey(name)) {
            throw new ApiException(
                Rc.of(
                        RetCode.error(crt, RetCode.EXISTS_STOR_POOL),
                        "Node: "
                            + node.name()
                            + ", Storage pool name: "
                            + name
                            + " already exists.")
                    .ref("StorPoolDfn", name)
                    .ref("Node", node.name())
                    .build());
          }
          ProviderKind kind = kind(body.providerKind());
          if (kind == null || !node.online() || !api.providers.contains(kind)) {
            throw new ApiException(
                Rc.of(
                        RetCode.error(crt, RetCode.STLT_DOES_NOT_SUPPORT_PROVIDER),
                        "The satellite does not support the device provider " + body.providerKind())
                    .ref("StorPoolDfn", name)
                    .ref("Node", node.name())
                    .build());
          }
          StoragePool pool =
              StoragePools.create(
                  api.cluster, node, name, kind, api.cluster.restPoolKib(), body.props());
          Map<String, String> refs = PropsChange.refs("StorPoolDfn", name, "Node", node.name());
          List<Rc> out = new ArrayList<>();
          out.add(
              PropsChange.withRefs(
                  Rc.of(
                      RetCode.success(crt, RetCode.CREATED),
                      "Successfully set property key(s): StorDriver/StorPoolName"),
                  refs));
          out.add(
              Rc.of(
                      RetCode.success(crt, RetCode.CREATED),
                      "New storage pool '" + name + "' on node '" + node.name() + "' registered.")
                  .details(
                      "Storage pool '"
                          + name
                          + "' on node '"
                          + node.name()
                          + "' UUID is: "
                          + pool.uuid())
                  .ref("UUID", pool.uuid().toString())
                  .ref("StorPoolDfn", name)
                  .ref("Node", node.name())
                  .build());
          out.add(
              PropsChange.withRefs(
                  Rc.of(
                      RetCode.success(crt, RetCode.MODIFIED),
                      "("
                          + node.name()
                          + ") Changes applied to storage pool '"
                          + name
                          + "' of node '"
                          + node.name()
                          + "'"),
                  refs));
          out.add(
              PropsChange.withRefs(
                  Rc.of(
                      RetCode.success(crt, RetCode.MODIFIED),
                      "Storage pool updated on '" + node.name() + "'"),
                  refs));
          return Reply.rc(out, 201);
        });
  }

  private static ProviderKind kind(String value) {
    if (value == null) {
      return null;
    }
    try {
      return ProviderKind.parse(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private Reply modify(Call call) {
    In.PropsModify body = call.body(In.PropsModify.class);
    return api.cluster.locked(
        () -> {
          Node node = node(call.param("node"), true);
          String name = call.param("storagepool");
          long mod = RetCode.MOD | RetCode.STOR_POOL;
          StoragePool pool = node.pools().get(name);
          if (pool == null) {
            throw new ApiException(
                Rc.of(
                        RetCode.error(mod, RetCode.NOT_FOUND_STOR_POOL),
                        "Storage pool '" + name + "' on node '" + node.name() + "' not found.")
                    .ref("StorPoolDfn", name)
                    .ref("Node", node.name())
                    .build());
          }
          Map<String, String> refs = PropsChange.refs("StorPoolDfn", name, "Node", node.name());
          List<Rc> out =
              PropsChange.apply(
                  api.cluster,
                  pool.props(),
                  body.overrideProps(),
                  body.deleteProps(),
                  body.deleteNamespaces(),
                  new PropsChange.Target(
                      RetCode.CRT | RetCode.STOR_POOL,
                      RetCode.DEL | RetCode.STOR_POOL,
                      mod,
                      "Node: " + node.name() + ", Storage pool name: " + name,
                      refs));
          out.add(
              PropsChange.withRefs(
                  Rc.of(
                          RetCode.success(mod, RetCode.MODIFIED),
                          "Storage pool '" + name + "' on node '" + node.name() + "' modified.")
                      .details(
                          "Storage pool '"
                              + name
                              + "' on node '"
                              + node.name()
                              + "' UUID is: "
                              + pool.uuid()),
                  refs));
          return Reply.rc(out, 200);
        });
  }

  private Reply delete(Call call) {
    String nodeName = call.param("node");
    String name = call.param("storagepool");
    return api.cluster.locked(
        () -> {
          long del = RetCode.DEL | RetCode.STOR_POOL;
          Node node = api.cluster.nodes().get(nodeName);
          StoragePool pool = node == null ? null : node.pools().get(name);
          Map<String, String> refs = PropsChange.refs("StorPoolDfn", name, "Node", nodeName);
          if (pool == null) {
            return Reply.rc(
                List.of(
                    PropsChange.withRefs(
                        Rc.of(
                                RetCode.warn(del, RetCode.NOT_FOUND),
                                "Storage pool '" + name + "' on node '" + nodeName + "' not found.")
                            .details("Node: " + nodeName + ", Storage pool name: " + name),
                        refs)),
                200);
          }
          if (!Capacity.volumesIn(api.cluster, pool).isEmpty()) {
            throw new ApiException(
                PropsChange.withRefs(
                    Rc.of(
                            RetCode.error(del, RetCode.IN_USE),
                            "The specified storage pool '"
                                + name
                                + "' on node '"
                                + nodeName
                                + "' can not be deleted as volumes are still using it.")
                        .correction("Delete the volumes that use the storage pool first."),
                    refs));
          }
          node.pools().remove(name);
          return Reply.rc(
              List.of(
                  PropsChange.withRefs(
                      Rc.of(
                              RetCode.success(del, RetCode.DELETED),
                              "Storage pool '" + name + "' on node '" + nodeName + "' deleted.")
                          .details(
                              "Storage pool '"
                                  + name
                                  + "' on node '"
                                  + nodeName
                                  + "' UUID was: "
                                  + pool.uuid()),
                      refs)),
              200);
        });
  }

  private Reply view(Call call) {
    List<String> nodes = call.queryAll("nodes");
    List<String> pools = call.queryAll("storage_pools");
    List<String> props = call.queryAll("props");
    return api.cluster.locked(
        () -> {
          List<StoragePool> selected = new ArrayList<>();
          for (Node node : api.cluster.nodes().values()) {
            for (StoragePool pool : node.pools().values()) {
              if (Api.nameIn(nodes, node.name())
                  && Api.nameIn(pools, pool.name())
                  && Api.propsMatch(pool.props(), props)) {
                selected.add(pool);
              }
            }
          }
          selected.sort(
              Comparator.comparing((StoragePool p) -> p.name(), Names.ORDER)
                  .thenComparing(p -> p.node().name(), Names.ORDER));
          return Reply.ok(Api.page(selected.stream().map(api.views::pool).toList(), call));
        });
  }

  private Reply definitions(Call call) {
    return api.cluster.locked(
        () -> {
          List<Out.StoragePoolDefinition> out = new ArrayList<>();
          for (String name : api.cluster.storagePoolDefinitions()) {
            if (!name.equals(StoragePool.DISKLESS_POOL)) {
              out.add(new Out.StoragePoolDefinition(name, null));
            }
          }
          return Reply.ok(out);
        });
  }
}
