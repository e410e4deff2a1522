package io.linstorcsi.controller.placement;

import io.linstorcsi.controller.params.RemoteAccessPolicy;
import io.linstorcsi.controller.params.TopologyKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The accessible topology reported for a volume: for each diskful replica, the segments from which
 * the remote access policy lets a node reach it. An empty list means "from every node" (CSI would
 * reject an empty segment map).
 */
public final class AccessibleTopology {
  private AccessibleTopology() {}

  /**
   * @param replicaLabels per diskful node, its topology labels (node aux properties without the
   *     namespace); the hostname label is added here
   */
  public static List<Topology> of(
      RemoteAccessPolicy policy, Map<String, Map<String, String>> replicaLabels) {
    if (policy.allowsAnywhere()) {
      return List.of();
    }
    List<Topology> result = new ArrayList<>();
    for (Map.Entry<String, Map<String, String>> replica : replicaLabels.entrySet()) {
      Map<String, String> segments = new HashMap<>(replica.getValue());
      segments.put(TopologyKeys.HOSTNAME, replica.getKey());
      for (Map<String, String> m : policy.accessibleSegments(segments)) {
        if (m.isEmpty()) {
          return List.of();
        }
        Topology t = new Topology(m);
        if (!result.contains(t)) {
          result.add(t);
        }
      }
    }
    return result;
  }

  /** True when computing the topology needs the replicas' node labels, not just their names. */
  public static boolean needsNodeLabels(RemoteAccessPolicy policy) {
    return !policy.allowsAnywhere()
        && policy.rules().stream()
            .flatMap(r -> r.fromSame().stream())
            .anyMatch(k -> !k.equals(TopologyKeys.HOSTNAME));
  }
}
