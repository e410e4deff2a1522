package io.linstorcsi.emulator.state;

import java.util.List;

/** Creation of resource objects with their DRBD node id, pool and volumes. */
public final class Resources {
  public static final String PROP_STOR_POOL = "StorPoolName";

  private Resources() {}

  /**
   * Registers a resource on a node (not yet deployed). Diskless resources live in the node's
   * diskless pool, diskful ones in the pool named by {@code pool}.
   */
  public static Resource register(
      Cluster cluster, ResourceDefinition rd, Node node, List<String> layers, boolean diskless) {
    return register(cluster, rd, node, layers, diskless, null);
  }

  public static Resource register(
      Cluster cluster,
      ResourceDefinition rd,
      Node node,
      List<String> layers,
      boolean diskless,
      StoragePool pool) {
    Resource rsc = new Resource(rd, node, layers, nextNodeId(rd));
    StoragePool target = pool;
    if (diskless) {
      target = node.pools().get(StoragePool.DISKLESS_POOL);
      rsc.flags().add(Resource.FLAG_DISKLESS);
      if (layers.contains("DRBD")) {
        rsc.flags().add(Resource.FLAG_DRBD_DISKLESS);
      }
    }
    if (target != null) {
      rsc.props().put(PROP_STOR_POOL, target.name());
    }
    rd.resources().put(node.name(), rsc);
    if (rd.layerStack().isEmpty()) {
      rd.layerStack().addAll(layers);
    }
    if (layers.contains("DRBD") && rd.tcpPort() == 0) {
      rd.setTcpPort(cluster.allocatePort());
    }
    if (target != null) {
      Deployer.addMissingVolumes(rsc, target);
    }
    return rsc;
  }

  /** The pool a resource's volumes live in. */
  public static StoragePool poolOf(Resource rsc) {
    if (rsc.diskless()) {
      return rsc.node().pools().get(StoragePool.DISKLESS_POOL);
    }
    String name = rsc.props().get(PROP_STOR_POOL);
    return name == null ? null : rsc.node().pools().get(name);
  }

  private static int nextNodeId(ResourceDefinition rd) {
    int id = 0;
    while (true) {
      final int candidate = id;
      if (rd.resources().values().stream().noneMatch(r -> r.nodeId() == candidate)) {
        return id;
      }
      id++;
    }
  }
}
