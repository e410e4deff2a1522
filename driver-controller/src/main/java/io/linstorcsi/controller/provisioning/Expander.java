package io.linstorcsi.controller.provisioning;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.controller.ids.VolumeId;
import io.linstorcsi.linstor.LinstorClient;

/** ControllerExpandVolume: grows the volume definition; LINSTOR grows every replica online. */
public final class Expander {

  /** Returns the volume's size afterwards. Never shrinks. */
  public long expand(LinstorClient client, VolumeId id, CapacityRange range, String fsType) {
    VolumeInfo info =
        VolumeLookup.find(client, id)
            .orElseThrow(() -> CsiError.notFound("volume " + id + " does not exist"));
    long wanted = range.allocationBytes(fsType.isEmpty() ? info.fsType() : fsType);
    if (info.sizeBytes() >= wanted) {
      // CSI spec: expanding to the current size or less is success with the current size.
      return info.sizeBytes();
    }
    client.volumeDefinitions().resize(id.resourceName(), id.volumeNumber(), wanted / 1024);
    return wanted;
  }
}
