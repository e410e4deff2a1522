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
    return register(cluster, rd, node, layers, diskless, null, true);
  }

  public static Resource register(
      Cluster cluster,
      ResourceDefinition rd,
      Node node,
      List<String> layers,
      boolean diskless,
      StoragePool pool) {
    return register(cluster, rd, node, layers, diskless, pool, true);
  }

  /**
   * @param recordPool whether the chosen pool is stored as the resource's {@code StorPoolName}
   *     property, as the autoplacer, make-available and the tie-breaker do (an explicit create
   *     keeps the props it was given)
   */
  public static Resource register(
      Cluster cluster,
      ResourceDefinition rd,
      Node node,
      List<String> layers,
      boolean diskless,
      StoragePool pool,
      boolean recordPool) {
    Resource rsc = new Resource(rd, node, layers, nextNodeId(rd));
    StoragePool target = pool;
    if (diskless) {
      target = node.pools().get(StoragePool.DISKLESS_POOL);
      rsc.flags().add(Resource.FLAG_DISKLESS);
      if (layers.contains("DRBD")) {
        rsc.flags().add(Resource.FLAG_DRBD_DISKLESS);
      }
    }
    rsc.setPool(target);
    if (target != null && recordPool) {
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
    InitialSync.onRegister(cluster, rsc);
    return rsc;
  }

  /** The pool a resource's volumes live in. */
  public static StoragePool poolOf(Resource rsc) {
    if (rsc.diskless()) {
      return rsc.node().pools().get(StoragePool.DISKLESS_POOL);
    }
    return rsc.pool();
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
