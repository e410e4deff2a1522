package io.linstorcsi.e2e;

import csi.v1.Volume;
import csi.v1.VolumeCapability;

/**
 * A provisioned PersistentVolume: what CreateVolume returned, and the capability every later call
 * (attacher, kubelet, resizer) derives from the PV's access modes and fsType.
 */
record Pv(String name, Volume volume, VolumeCapability capability) {
  String id() {
    return volume.getVolumeId();
  }

  boolean block() {
    return capability.hasBlock();
  }
}
