package io.linstorcsi.controller.placement;

import io.linstorcsi.controller.params.PlacementPolicy;
import io.linstorcsi.controller.params.VolumeParameters;
import io.linstorcsi.linstor.error.LinstorException;

/**
 * A placement policy: creates the replicas of a new volume. Every strategy is idempotent: run again
 * on a partly placed resource, it only adds what is missing.
 */
public sealed interface Placement permits AutoPlaceTopology, AutoPlace, FollowTopology, Manual {

  void place(VolumeParameters params, TopologyRequirement requirement, Cluster cluster);

  static Placement forPolicy(PlacementPolicy policy) {
    return switch (policy) {
      case AUTO_PLACE_TOPOLOGY, BALANCED -> new AutoPlaceTopology();
      case AUTO_PLACE -> new AutoPlace();
      case FOLLOW_TOPOLOGY -> new FollowTopology();
      case MANUAL -> new Manual();
    };
  }

  /**
   * True for failures that mean "LINSTOR could not place it there" (not enough fitting nodes, no
   * space, unknown node), worth trying elsewhere; anything else (controller down, internal errors)
   * ends the attempt, and the CO's retry resumes it.
   */
  static boolean isRefusal(RuntimeException e) {
    return e instanceof LinstorException.Invalid
        || e instanceof LinstorException.InsufficientSpace
        || e instanceof LinstorException.NotFound;
  }
}
