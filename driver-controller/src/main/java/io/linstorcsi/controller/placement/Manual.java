package io.linstorcsi.controller.placement;

import io.linstorcsi.controller.params.VolumeParameters;
import java.util.ArrayList;
import java.util.List;

/** Exactly the nodes of {@code nodeList} (diskful) and {@code clientList} (diskless). */
public record Manual() implements Placement {
  @Override
  public void place(VolumeParameters params, TopologyRequirement requirement, Cluster cluster) {
    List<NewResource> wanted = new ArrayList<>();
    params.nodeList().forEach(n -> wanted.add(new NewResource(n, false)));
    params.clientList().forEach(n -> wanted.add(new NewResource(n, true)));
    cluster.createResources(wanted);
  }
}
