package io.linstorcsi.controller.placement;

import java.util.List;

/**
 * The CSI accessibility requirement of a CreateVolume request: the volume must be accessible from
 * at least one requisite segment (when any are given) and should be from the preferred ones, in
 * order. With WaitForFirstConsumer the first preferred segment is the node of the consuming pod.
 */
public record TopologyRequirement(List<Topology> requisite, List<Topology> preferred) {
  public static final TopologyRequirement NONE = new TopologyRequirement(List.of(), List.of());

  public TopologyRequirement {
    requisite = List.copyOf(requisite);
    preferred = List.copyOf(preferred);
  }
}
