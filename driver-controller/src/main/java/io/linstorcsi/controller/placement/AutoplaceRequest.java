package io.linstorcsi.controller.placement;

import java.util.List;

/**
 * One LINSTOR autoplace call; zero or empty fields keep the resource group's setting.
 *
 * @param nodes restrict placement to these nodes
 * @param placeCount total diskful replicas wanted
 * @param additionalPlaceCount replicas to add on top of those present
 */
public record AutoplaceRequest(List<String> nodes, int placeCount, int additionalPlaceCount) {
  /** Top up to the resource group's replica count anywhere. */
  public static final AutoplaceRequest GROUP_DEFAULTS = new AutoplaceRequest(List.of(), 0, 0);

  public AutoplaceRequest {
    nodes = List.copyOf(nodes);
  }

  /** One more replica on one of {@code nodes}, even if the resource already has some. */
  public static AutoplaceRequest oneMoreOn(List<String> nodes) {
    // place_count must be given too, else LINSTOR takes the group's count and cannot fit it into
    // a short node list.
    return new AutoplaceRequest(nodes, 1, 1);
  }
}
