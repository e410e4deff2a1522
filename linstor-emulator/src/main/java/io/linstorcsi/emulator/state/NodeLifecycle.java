package io.linstorcsi.emulator.state;

import java.util.List;

/**
 * A satellite going away and coming back, and what the controller catches up on when it returns.
 */
public final class NodeLifecycle {
  private NodeLifecycle() {}

  /** Every node has the diskless pool, with unlimited capacity. */
  public static void addDisklessPool(Node node) {
    node.pools()
        .computeIfAbsent(
            StoragePool.DISKLESS_POOL,
            n -> new StoragePool(node, n, ProviderKind.DISKLESS, Long.MAX_VALUE));
  }

  public static void takeOffline(Cluster cluster, Node node) {
    if (node.online()) {
      node.goOffline(cluster.now());
    }
  }

  /**
   * The satellite is back: resources created meanwhile are deployed, resources deleted meanwhile
   * disappear, and the automatic tie-breaker catches up.
   */
  public static void bringOnline(Cluster cluster, Node node) {
    if (node.online()) {
      return;
    }
    node.goOnline();
    for (ResourceDefinition rd : List.copyOf(cluster.resourceDefinitions().values())) {
      Resource rsc = rd.resources().get(node.name());
      if (rsc != null) {
        if (rsc.deleting() && !rd.flags().contains(ResourceDefinition.FLAG_DELETE)) {
          Deployer.remove(cluster, rsc);
        } else if (!rsc.deployed()) {
          Deployer.deploy(cluster, rsc);
        }
      }
      AutoQuorum.apply(cluster, rd, true);
    }
  }
}
