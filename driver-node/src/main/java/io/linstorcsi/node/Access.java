package io.linstorcsi.node;

import csi.v1.VolumeCapability;
import io.linstorcsi.common.CsiError;
import io.linstorcsi.node.host.FsType;
import io.linstorcsi.node.host.MountOptions;
import java.util.List;

/** How a request wants the volume: as a raw block device or as a mounted filesystem. */
sealed interface Access {
  /** True for the reader-only access modes: nothing may be written through this node. */
  boolean readerOnly();

  record Block(boolean readerOnly) implements Access {}

  record Mount(FsType fsType, List<String> mountFlags, boolean readerOnly) implements Access {}

  /** Validates a capability; anything this node cannot honour is INVALID_ARGUMENT. */
  static Access of(VolumeCapability capability) {
    if (capability == null || capability.equals(VolumeCapability.getDefaultInstance())) {
      throw CsiError.invalidArgument("volume_capability is required");
    }
    VolumeCapability.AccessMode.Mode mode = capability.getAccessMode().getMode();
    boolean readerOnly =
        switch (mode) {
          case SINGLE_NODE_WRITER,
              SINGLE_NODE_SINGLE_WRITER,
              SINGLE_NODE_MULTI_WRITER,
              MULTI_NODE_SINGLE_WRITER,
              MULTI_NODE_MULTI_WRITER ->
              false;
          case SINGLE_NODE_READER_ONLY, MULTI_NODE_READER_ONLY -> true;
          default ->
              throw CsiError.invalidArgument(
                  "volume_capability.access_mode " + mode + " is not supported");
        };
    if (capability.hasBlock()) {
      return new Block(readerOnly);
    }
    if (!capability.hasMount()) {
      throw CsiError.invalidArgument("volume_capability must ask for block or mount access");
    }
    if (mode == VolumeCapability.AccessMode.Mode.MULTI_NODE_MULTI_WRITER
        || mode == VolumeCapability.AccessMode.Mode.MULTI_NODE_SINGLE_WRITER) {
      throw CsiError.invalidArgument(
          "access mode "
              + mode
              + " needs a cluster filesystem; ext4 and xfs can be written from one node only");
    }
    VolumeCapability.MountVolume mount = capability.getMount();
    FsType fs = FsType.parse(mount.getFsType());
    List<String> flags =
        MountOptions.check("volume_capability.mount.mount_flags", mount.getMountFlagsList());
    return new Mount(fs, flags, readerOnly);
  }
}
