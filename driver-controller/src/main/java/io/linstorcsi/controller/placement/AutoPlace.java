package io.linstorcsi.controller.placement;

import io.linstorcsi.controller.params.VolumeParameters;

/** Plain LINSTOR autoplace with the resource group's filter; topology requests are ignored. */
public record AutoPlace() implements Placement {
  @Override
  public void place(VolumeParameters params, TopologyRequirement requirement, Cluster cluster) {
    if (cluster.diskfulNodes().size() >= params.placementCount()) {
      return;
    }
    cluster.autoplace(AutoplaceRequest.GROUP_DEFAULTS);
  }
}
