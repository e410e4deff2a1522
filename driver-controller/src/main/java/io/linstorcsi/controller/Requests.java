package io.linstorcsi.controller;

import csi.v1.ControllerPublishVolumeRequest;
import csi.v1.CreateVolumeRequest;
import csi.v1.VolumeCondition;
import csi.v1.VolumeContentSource;
import io.linstorcsi.common.CsiError;
import io.linstorcsi.controller.ids.SnapshotId;
import io.linstorcsi.controller.ids.VolumeId;
import io.linstorcsi.controller.params.RemoteAccessPolicy;
import io.linstorcsi.controller.provisioning.ContentSource;
import io.linstorcsi.controller.provisioning.VolumeStatus;

/** Request fields read and checked for the RPCs of {@link ControllerService}. */
final class Requests {
  private Requests() {}

  static ContentSource source(CreateVolumeRequest req) {
    if (!req.hasVolumeContentSource()) {
      return new ContentSource.Empty();
    }
    VolumeContentSource s = req.getVolumeContentSource();
    return switch (s.getTypeCase()) {
      case SNAPSHOT -> {
        require(!s.getSnapshot().getSnapshotId().isEmpty(), "content source snapshot id");
        yield new ContentSource.FromSnapshot(SnapshotId.parse(s.getSnapshot().getSnapshotId()));
      }
      case VOLUME -> {
        require(!s.getVolume().getVolumeId().isEmpty(), "content source volume id");
        yield new ContentSource.FromVolume(VolumeId.parse(s.getVolume().getVolumeId()));
      }
      default -> throw CsiError.invalidArgument("volume content source has no snapshot or volume");
    };
  }

  /** From the volume context; PVs made without one behave as the Go driver: remote allowed. */
  static RemoteAccessPolicy remoteAccess(ControllerPublishVolumeRequest req) {
    String wire = req.getVolumeContextMap().get(Contexts.REMOTE_ACCESS_POLICY);
    if (wire == null || wire.isEmpty()) {
      return RemoteAccessPolicy.ANYWHERE;
    }
    return RemoteAccessPolicy.parse(wire)
        .orElseThrow(
            () ->
                CsiError.invalidArgument(
                    "volume context " + Contexts.REMOTE_ACCESS_POLICY + " is malformed: " + wire));
  }

  static VolumeCondition condition(VolumeStatus status) {
    return VolumeCondition.newBuilder()
        .setAbnormal(status.abnormal())
        .setMessage(status.message())
        .build();
  }

  static int maxEntries(int max) {
    if (max < 0) {
      throw CsiError.invalidArgument("max_entries must not be negative, got " + max);
    }
    return max == 0 ? Integer.MAX_VALUE : max;
  }

  static void require(boolean present, String what) {
    if (!present) {
      throw CsiError.invalidArgument(what + " is required");
    }
  }
}
