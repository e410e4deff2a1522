package io.linstorcsi.node;

import java.util.List;
import java.util.Map;

/**
 * What LINSTOR knows about a node that decides its CSI topology. The app implements it with the
 * LINSTOR client (node properties and the node's storage pools); the node service turns it into
 * topology segments.
 */
@FunctionalInterface
public interface NodeTopology {
  Facts describe(String nodeName);

  /**
   * @param properties the node's LINSTOR properties (e.g. {@code
   *     Aux/topology/topology.kubernetes.io/zone})
   * @param storagePools names of the node's storage pools
   */
  record Facts(Map<String, String> properties, List<String> storagePools) {
    public Facts {
      properties = Map.copyOf(properties);
      storagePools = List.copyOf(storagePools);
    }
  }
}
