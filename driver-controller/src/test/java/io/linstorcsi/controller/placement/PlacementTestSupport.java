package io.linstorcsi.controller.placement;

import io.linstorcsi.controller.params.TopologyKeys;
import java.util.Arrays;
import java.util.List;

final class PlacementTestSupport {
  private PlacementTestSupport() {}

  static Topology host(String node) {
    return Topology.of(TopologyKeys.HOSTNAME, node);
  }

  static List<Topology> hosts(String... nodes) {
    return Arrays.stream(nodes).map(PlacementTestSupport::host).toList();
  }

  static TopologyRequirement wffc(String selected, String... all) {
    // What external-provisioner sends for WaitForFirstConsumer: every node requisite, the
    // selected node first among the preferred.
    List<Topology> req = hosts(all);
    List<Topology> pref = new java.util.ArrayList<>();
    pref.add(host(selected));
    for (String n : all) {
      if (!n.equals(selected)) {
        pref.add(host(n));
      }
    }
    return new TopologyRequirement(req, pref);
  }
}
