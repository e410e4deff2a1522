package io.linstorcsi.controller.params;

/** CSI topology keys of the Go driver, which node registrations and PVs already carry. */
public final class TopologyKeys {
  /** The LINSTOR node name: node-local access. */
  public static final String HOSTNAME = "linbit.com/hostname";

  /** Prefix of {@code linbit.com/sp-<pool>: "true"}, one per storage pool of the node. */
  public static final String STORAGE_POOL_PREFIX = "linbit.com/sp-";

  private TopologyKeys() {}

  public static String storagePool(String pool) {
    return STORAGE_POOL_PREFIX + pool;
  }
}
