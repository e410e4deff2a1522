package io.linstorcsi.controller.modify;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.controller.ids.VolumeId;
import io.linstorcsi.controller.params.MutableParameters;
import io.linstorcsi.controller.provisioning.VolumeInfo;
import io.linstorcsi.controller.provisioning.VolumeLookup;
import io.linstorcsi.linstor.LinstorClient;

/**
 * Applies mutable parameters to one existing volume: first its properties, then its replica count.
 * Each step compares with what LINSTOR holds and writes only the difference, so a repeat of the
 * same request makes no write and a retry after a crash finishes what the first call began.
 */
public final class VolumeModifier {

  /**
   * Refuses what no volume may be given, before anything is written: CreateVolume calls this ahead
   * of creating, so a refused class leaves no volume behind.
   */
  public void validate(MutableParameters params) {
    VolumeProperties.check(params.properties());
  }

  /** Applies {@code params}; returns whether anything was written. */
  public boolean modify(LinstorClient client, VolumeId id, MutableParameters params) {
    validate(params);
    VolumeInfo volume =
        VolumeLookup.find(client, id)
            .orElseThrow(() -> CsiError.notFound("volume " + id + " does not exist"));
    String resource = id.resourceName();
    boolean wrote = VolumeProperties.apply(client, resource, volume.props(), params.properties());
    if (params.placementCount().isPresent()) {
      wrote |= ReplicaCount.apply(client, resource, params.placementCount().getAsInt());
    }
    return wrote;
  }
}
