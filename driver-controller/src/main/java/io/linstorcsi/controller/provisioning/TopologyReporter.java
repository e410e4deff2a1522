package io.linstorcsi.controller.provisioning;

import io.linstorcsi.controller.params.RemoteAccessPolicy;
import io.linstorcsi.controller.placement.AccessibleTopology;
import io.linstorcsi.controller.placement.Topology;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.ListFilter;
import io.linstorcsi.linstor.model.Node;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Computes a volume's accessible topology, reading LINSTOR only as far as the policy needs. */
final class TopologyReporter {
  private TopologyReporter() {}

  static List<Topology> report(
      LinstorClient client,
      RemoteAccessPolicy policy,
      Supplier<Set<String>> diskfulNodes,
      String topologyPrefix) {
    if (policy.allowsAnywhere()) {
      return List.of();
    }
    Set<String> nodes = diskfulNodes.get();
    Map<String, Map<String, String>> labels = new LinkedHashMap<>();
    nodes.stream().sorted().forEach(n -> labels.put(n, Map.of()));
    if (AccessibleTopology.needsNodeLabels(policy) && !nodes.isEmpty()) {
      String prefix = topologyPrefix + "/";
      for (Node n : client.nodes().list(ListFilter.all().nodes(nodes.toArray(String[]::new)))) {
        Map<String, String> l = new LinkedHashMap<>();
        if (n.props() != null) {
          n.props()
              .forEach(
                  (k, v) -> {
                    if (k.startsWith(prefix)) {
                      l.put(k.substring(prefix.length()), v);
                    }
                  });
        }
        labels.put(n.name(), l);
      }
    }
    return AccessibleTopology.of(policy, labels);
  }
}
