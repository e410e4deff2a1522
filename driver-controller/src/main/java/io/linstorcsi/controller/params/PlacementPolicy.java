package io.linstorcsi.controller.params;

import java.util.Locale;
import java.util.Optional;

/** Which placement strategy creates the replicas and computes the accessible topology. */
public enum PlacementPolicy {
  /** LINSTOR autoplace guided by the CSI topology requirements (the default). */
  AUTO_PLACE_TOPOLOGY("AutoPlaceTopology"),
  /** Plain LINSTOR autoplace with the resource group's filter. */
  AUTO_PLACE("AutoPlace"),
  /** Diskful replicas on the nodes of the preferred, then requisite topology segments. */
  FOLLOW_TOPOLOGY("FollowTopology"),
  /** Exactly the nodes of {@code nodeList} (diskful) and {@code clientList} (diskless). */
  MANUAL("Manual"),
  /**
   * Accepted for StorageClasses written for the Go driver; placed like {@link
   * #AUTO_PLACE_TOPOLOGY}, because LINSTOR's own autoplacer already weighs free space.
   */
  BALANCED("Balanced");

  private final String wire;

  PlacementPolicy(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  static Optional<PlacementPolicy> fromName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (PlacementPolicy p : values()) {
      if (p.wire.toLowerCase(Locale.ROOT).equals(lower)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
