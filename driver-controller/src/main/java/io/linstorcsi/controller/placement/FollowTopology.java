package io.linstorcsi.controller.placement;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.controller.params.TopologyKeys;
import io.linstorcsi.controller.params.VolumeParameters;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Diskful replicas on the nodes named by the preferred segments, then the requisite ones, in order,
 * until the replica count is reached; LINSTOR autoplace fills up what is still missing.
 */
public record FollowTopology() implements Placement {
  private static final Logger log = LoggerFactory.getLogger(FollowTopology.class);

  @Override
  public void place(VolumeParameters params, TopologyRequirement requirement, Cluster cluster) {
    int wanted = params.placementCount();
    int placed = cluster.diskfulNodes().size();
    int placedHere = 0;
    List<Topology> candidates = new ArrayList<>(requirement.preferred());
    for (Topology t : requirement.requisite()) {
      if (!candidates.contains(t)) {
        candidates.add(t);
      }
    }
    for (Topology segment : candidates) {
      if (placed >= wanted) {
        break;
      }
      String node = segment.segments().get(TopologyKeys.HOSTNAME);
      if (node == null) {
        continue;
      }
      if (cluster.diskfulNodes().contains(node)) {
        placedHere++;
        continue;
      }
      try {
        cluster.makeAvailable(node, true);
        placed++;
        placedHere++;
      } catch (RuntimeException e) {
        if (!Placement.isRefusal(e)) {
          throw e;
        }
        log.info("cannot place a replica on topology node {}, skipping: {}", node, e.getMessage());
      }
    }
    if (placedHere == 0 && !requirement.requisite().isEmpty()) {
      throw CsiError.resourceExhausted(
          "none of the requisite topology segments could take a replica; add storage on those"
              + " nodes or relax the topology requirement");
    }
    if (placed < wanted) {
      cluster.autoplace(AutoplaceRequest.GROUP_DEFAULTS);
    }
  }
}
