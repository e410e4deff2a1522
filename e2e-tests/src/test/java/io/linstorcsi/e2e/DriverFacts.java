package io.linstorcsi.e2e;

import csi.v1.ControllerGetCapabilitiesRequest;
import csi.v1.ControllerServiceCapability;
import csi.v1.GetPluginCapabilitiesRequest;
import csi.v1.NodeGetInfoRequest;
import csi.v1.NodeGetInfoResponse;
import csi.v1.PluginCapability;
import csi.v1.Topology;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What Kubernetes learns about the driver before it uses it: the plugin and controller capabilities
 * the sidecars read at start, and each node's NodeGetInfo, which kubelet stores in the CSINode
 * object and the Node's topology labels when the node plugin registers.
 */
final class DriverFacts {
  private final Cluster cluster;
  private final Map<String, NodeGetInfoResponse> csiNodes = new ConcurrentHashMap<>();
  private volatile Boolean topology;
  private volatile Boolean singleNodeMultiWriter;

  DriverFacts(Cluster cluster) {
    this.cluster = cluster;
  }

  /** The CSINode entry of {@code node}: node id and topology. */
  NodeGetInfoResponse nodeInfo(String node) {
    return csiNodes.computeIfAbsent(
        node, n -> cluster.node(n).nodeGetInfo(NodeGetInfoRequest.getDefaultInstance()));
  }

  String nodeId(String node) {
    return nodeInfo(node).getNodeId();
  }

  Topology topology(String node) {
    return nodeInfo(node).getAccessibleTopology();
  }

  /** VOLUME_ACCESSIBILITY_CONSTRAINTS: the provisioner sends topology requirements. */
  boolean topologyAware() {
    if (topology == null) {
      topology =
          cluster
              .controllerIdentity()
              .getPluginCapabilities(GetPluginCapabilitiesRequest.getDefaultInstance())
              .getCapabilitiesList()
              .stream()
              .anyMatch(
                  c ->
                      c.getService().getType()
                          == PluginCapability.Service.Type.VOLUME_ACCESSIBILITY_CONSTRAINTS);
    }
    return topology;
  }

  /**
   * SINGLE_NODE_MULTI_WRITER: the sidecars map ReadWriteOnce to it instead of SINGLE_NODE_WRITER.
   */
  boolean singleNodeMultiWriter() {
    if (singleNodeMultiWriter == null) {
      singleNodeMultiWriter =
          cluster
              .controller()
              .controllerGetCapabilities(ControllerGetCapabilitiesRequest.getDefaultInstance())
              .getCapabilitiesList()
              .stream()
              .anyMatch(
                  c ->
                      c.getRpc().getType()
                          == ControllerServiceCapability.RPC.Type.SINGLE_NODE_MULTI_WRITER);
    }
    return singleNodeMultiWriter;
  }
}
