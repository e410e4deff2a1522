package io.linstorcsi.controller.provisioning;

import io.linstorcsi.controller.ids.VolumeId;
import io.linstorcsi.controller.params.VolumeParameters;
import io.linstorcsi.controller.placement.TopologyRequirement;

/**
 * A CreateVolume request in our terms.
 *
 * @param id the volume id derived from the request name
 * @param params the StorageClass parameters
 * @param range the requested capacity
 * @param fsType the file system of a mount volume; empty for block
 * @param topology the accessibility requirement
 * @param source what the volume starts with
 */
public record CreateRequest(
    VolumeId id,
    VolumeParameters params,
    CapacityRange range,
    String fsType,
    TopologyRequirement topology,
    ContentSource source) {}
