package io.linstorcsi.e2e;

import csi.v1.CapacityRange;
import csi.v1.ControllerExpandVolumeRequest;
import csi.v1.ControllerExpandVolumeResponse;

/** external-resizer: a larger claim request becomes ControllerExpandVolume. */
final class Resizer {
  private final Cluster cluster;

  Resizer(Cluster cluster) {
    this.cluster = cluster;
  }

  ControllerExpandVolumeResponse expand(Pv pv, long bytes) {
    return cluster.controller().controllerExpandVolume(request(pv, bytes));
  }

  ControllerExpandVolumeRequest request(Pv pv, long bytes) {
    return ControllerExpandVolumeRequest.newBuilder()
        .setVolumeId(pv.id())
        .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(bytes))
        .setVolumeCapability(pv.capability())
        .build();
  }
}
