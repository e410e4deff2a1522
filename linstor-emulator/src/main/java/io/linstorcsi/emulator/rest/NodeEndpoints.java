package io.linstorcsi.emulator.rest;

import io.linstorcsi.emulator.rc.ApiException;
import io.linstorcsi.emulator.rc.Rc;
import io.linstorcsi.emulator.rc.RetCode;
import io.linstorcsi.emulator.server.Call;
import io.linstorcsi.emulator.server.Reply;
import io.linstorcsi.emulator.server.Router;
import io.linstorcsi.emulator.state.Deployer;
import io.linstorcsi.emulator.state.Names;
import io.linstorcsi.emulator.state.NetInterface;
import io.linstorcsi.emulator.state.Node;
import io.linstorcsi.emulator.state.NodeLifecycle;
import io.linstorcsi.emulator.state.Resource;
import io.linstorcsi.emulator.state.ResourceDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** {@code /v1/nodes}: registration, listing, properties, deletion. */
final class NodeEndpoints {
  private final Api api;

  NodeEndpoints(Api api) {
    this.api = api;
  }

  void register(Router router) {
    router.add("GET", "/v1/nodes", this::list);
    router.add("POST", "/v1/nodes", this::create);
    router.add("GET", "/v1/nodes/{node}", this::get);
    router.add("PUT", "/v1/nodes/{node}", this::modify);
    router.add("DELETE", "/v1/nodes/{node}", this::delete);
  }

  private Reply list(Call call) {
    List<String> names = call.queryAll("nodes");
    List<String> props = call.queryAll("props");
    return api.cluster.locked(
        () -> {
          List<Out.Node> out = new ArrayList<>();
          for (Node node : api.cluster.nodes().values()) {
            if (Api.nameIn(names, node.name()) && Api.propsMatch(node.props(), props)) {
              out.add(api.views.node(node));
            }
          }
          return Reply.ok(Api.page(out, call));
        });
  }

  private Reply get(Call call) {
    String name = call.param("node");
    return api.cluster.locked(
        () -> {
          Node node = api.cluster.nodes().get(name);
          if (node == null) {
            throw new ApiException(
                Rc.of(RetCode.error(0, RetCode.NOT_FOUND_NODE), "Node '" + name + "' not found.")
                    .build());
          }
          return Reply.ok(api.views.node(node));
        });
  }

  private Reply create(Call call) {
    In.Node body = call.body(In.Node.class);
    return api.cluster.locked(() -> Reply.rc(register(body), 201));
  }

  private List<Rc> register(In.Node body) {
    String name = body.name();
    long mask = RetCode.CRT | RetCode.NODE;
    String invalid = Names.invalidReason(name, 2, 255);
    if (invalid != null) {
      throw new ApiException(
          Rc.of(
                  RetCode.error(mask, RetCode.INVLD_NODE_NAME),
                  "The specified node name '" + name + "' is invalid.")
              .cause(invalid)
              .details("Node: " + name)
              .report(api.cluster.newReportId())
              .ref("Node", String.valueOf(name))
              .build());
    }
    if (api.cluster.nodes().containsKey(name)) {
      throw new ApiException(
          Rc.of(
                  RetCode.error(mask, RetCode.EXISTS_NODE),
                  "Registration of node '" + name + "' failed.")
              .cause(
                  "A node with the specified name '"
                      + name
                      + "' already exists.\nThe Node already exists")
              .details("Node: " + name)
              .correction(
                  "- Specify another name for the new node\nor\n- Delete the existing node before"
                      + " creating a new node with the same name")
              .ref("Node", name)
              .build());
    }
    String type = body.type() == null ? "SATELLITE" : body.type().toUpperCase(Locale.ROOT);
    Node node = new Node(name, type);
    if (body.netInterfaces() != null) {
      for (In.NetInterface n : body.netInterfaces()) {
        node.netInterfaces()
            .add(
                new NetInterface(
                    n.name(),
                    n.address(),
                    n.satellitePort() == null ? 3366 : n.satellitePort(),
                    n.satelliteEncryptionType() == null ? "PLAIN" : n.satelliteEncryptionType(),
                    UUID.randomUUID()));
      }
    }
    if (body.props() != null) {
      node.props().putAll(body.props());
    }
    node.props()
        .put(
            "CurStltConnName",
            node.netInterfaces().isEmpty() ? "default" : node.netInterfaces().get(0).name());
    NodeLifecycle.addDisklessPool(node);
    api.cluster.nodes().put(name, node);
    List<Rc> out = new ArrayList<>();
    out.add(
        Rc.of(RetCode.success(mask, RetCode.CREATED), "New node '" + name + "' registered.")
            .details("Node '" + name + "' UUID is: " + node.uuid())
            .ref("UUID", node.uuid().toString())
            .ref("Node", name)
            .build());
    if (api.cluster.stoppedSatellites().contains(name)) {
      out.add(
          Rc.of(RetCode.warn(mask, RetCode.NOT_CONNECTED), Messages.notConnected(name))
              .details(Messages.NOT_CONNECTED_DETAILS)
              .ref("Node", name)
              .build());
      node.goOffline(api.cluster.now());
    } else {
      node.goOnline();
      out.add(
          Rc.of(RetCode.success(mask, RetCode.AUTHENTICATED), "Node '" + name + "' authenticated")
              .details(capabilities())
              .ref("Node", name)
              .build());
    }
    return out;
  }

  private String capabilities() {
    Out.Node probe = api.views.node(probeNode());
    StringBuilder text = new StringBuilder();
    text.append("Supported storage providers: ")
        .append(probe.storageProviders().toString().toLowerCase(Locale.ROOT))
        .append("\nSupported resource layers  : ")
        .append(probe.resourceLayers().toString().toLowerCase(Locale.ROOT))
        .append("\nUnsupported storage providers:\n");
    appendReasons(text, probe.unsupportedProviders());
    text.append("\nUnsupported resource layers:\n");
    appendReasons(text, probe.unsupportedLayers());
    return text.toString();
  }

  private static Node probeNode() {
    Node probe = new Node("probe", "SATELLITE");
    probe.goOnline();
    return probe;
  }

  private static void appendReasons(StringBuilder text, Map<String, List<String>> reasons) {
    for (Map.Entry<String, List<String>> e : reasons.entrySet()) {
      String head = "    " + e.getKey() + ": ";
      for (int i = 0; i < e.getValue().size(); i++) {
        text.append(i == 0 ? head : " ".repeat(head.length()))
            .append(e.getValue().get(i))
            .append('\n');
      }
    }
  }

  private Reply modify(Call call) {
    String name = call.param("node");
    In.NodeModify body = call.body(In.NodeModify.class);
    return api.cluster.locked(
        () -> {
          long mod = RetCode.MOD | RetCode.NODE;
          Node node = api.cluster.nodes().get(name);
          if (node == null) {
            throw new ApiException(
                Rc.of(RetCode.error(mod, RetCode.NOT_FOUND_NODE), "Node '" + name + "' not found.")
                    .cause("The specified node '" + name + "' could not be found in the database")
                    .details("Node: " + name)
                    .correction("Create a node with the name '" + name + "' first.")
                    .ref("Node", name)
                    .build());
          }
          List<Rc> out =
              PropsChange.apply(
                  api.cluster,
                  node.props(),
                  body.overrideProps(),
                  body.deleteProps(),
                  body.deleteNamespaces(),
                  new PropsChange.Target(
                      RetCode.CRT | RetCode.NODE,
                      RetCode.DEL | RetCode.NODE,
                      mod,
                      "Node: " + name,
                      PropsChange.refs("Node", node.name())));
          out.add(
              Rc.of(RetCode.success(mod, RetCode.MODIFIED), "Node '" + node.name() + "' modified.")
                  .details("Node '" + node.name() + "' UUID is: " + node.uuid())
                  .ref("UUID", node.uuid().toString())
                  .ref("Node", node.name())
                  .build());
          if (body.overrideProps() != null && !body.overrideProps().isEmpty()) {
            out.add(satelliteUpdate(node, mod));
          }
          return Reply.rc(out, 200);
        });
  }

  private static Rc satelliteUpdate(Node node, long mask) {
    if (node.online()) {
      return Rc.of(
              RetCode.success(mask, RetCode.MODIFIED),
              "(" + node.name() + ") Node changes applied.")
          .ref("Node", node.name())
          .build();
    }
    return Rc.of(RetCode.warn(mask, RetCode.NOT_CONNECTED), Messages.notConnected(node.name()))
        .details(Messages.NOT_CONNECTED_DETAILS)
        .ref("Node", node.name())
        .build();
  }

  private Reply delete(Call call) {
    String name = call.param("node");
    return api.cluster.locked(
        () -> {
          long del = RetCode.DEL | RetCode.NODE;
          Node node = api.cluster.nodes().get(name);
          if (node == null) {
            return Reply.rc(
                List.of(
                    Rc.of(
                            RetCode.warn(del, RetCode.NOT_FOUND),
                            "Deletion of node '" + name + "' had no effect.")
                        .cause("Node '" + name + "' does not exist.")
                        .details("Node: " + name)
                        .ref("Node", name)
                        .build()),
                200);
          }
          for (ResourceDefinition rd : List.copyOf(api.cluster.resourceDefinitions().values())) {
            Resource rsc = rd.resources().get(node.name());
            if (rsc != null) {
              Deployer.remove(api.cluster, rsc);
            }
          }
          api.cluster.nodes().remove(node.name());
          return Reply.rc(
              List.of(
                  Rc.of(
                          RetCode.success(del, RetCode.DELETED),
                          "Node '" + node.name() + "' deleted.")
                      .details("Node '" + node.name() + "' UUID was: " + node.uuid())
                      .ref("Node", node.name())
                      .build()),
              200);
        });
  }
}
