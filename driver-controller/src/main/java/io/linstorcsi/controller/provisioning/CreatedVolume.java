package io.linstorcsi.controller.provisioning;

import io.linstorcsi.controller.ids.VolumeId;
import io.linstorcsi.controller.placement.Topology;
import java.util.List;

/**
 * A provisioned volume as CreateVolume reports it.
 *
 * @param id the volume
 * @param sizeBytes its size
 * @param accessibleTopology where it can be used from; empty means every node
 */
public record CreatedVolume(VolumeId id, long sizeBytes, List<Topology> accessibleTopology) {
  public CreatedVolume {
    accessibleTopology = List.copyOf(accessibleTopology);
  }
}
