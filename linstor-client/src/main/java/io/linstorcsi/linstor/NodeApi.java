package io.linstorcsi.linstor;

import io.linstorcsi.linstor.error.ApiCallRc;
import io.linstorcsi.linstor.model.Node;
import io.linstorcsi.linstor.model.NodeModify;
import java.util.List;
import java.util.Map;

/** Nodes: the satellites and their properties (e.g. the Aux/topology/* labels). */
public final class NodeApi {
  private final Transport transport;

  NodeApi(Transport transport) {
    this.transport = transport;
  }

  public List<Node> list() {
    return list(ListFilter.all());
  }

  /** {@code GET /v1/nodes}, filtered by node names and properties. */
  public List<Node> list(ListFilter filter) {
    ApiRequest request =
        ApiRequest.get("nodes.list", "nodes")
            .query("nodes", filter.nodes())
            .query("props", filter.props())
            .query("offset", filter.offset())
            .query("limit", filter.limit());
    return transport.list(request, Node.class);
  }

  /** {@code GET /v1/nodes/{node}}; NotFound when there is no such node. */
  public Node get(String node) {
    return transport.get(ApiRequest.get("nodes.get", "nodes", node), Node.class);
  }

  /** {@code PUT /v1/nodes/{node}}. */
  public List<ApiCallRc> modify(String node, NodeModify modify) {
    return transport.write(ApiRequest.put("nodes.modify", modify, "nodes", node));
  }

  /** Sets and deletes node properties; LINSTOR accepts any key below {@code Aux/}. */
  public List<ApiCallRc> setProps(String node, Map<String, String> set, List<String> delete) {
    return modify(node, NodeModify.props(set, delete));
  }
}
