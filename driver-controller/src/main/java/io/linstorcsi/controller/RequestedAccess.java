package io.linstorcsi.controller;

import csi.v1.VolumeCapability;
import csi.v1.VolumeCapability.AccessMode.Mode;
import io.linstorcsi.common.CsiError;
import io.linstorcsi.controller.params.Layer;
import io.linstorcsi.controller.params.VolumeParameters;
import java.util.List;

/**
 * What a request's volume capabilities ask for, checked against what LINSTOR volumes can do.
 *
 * @param block raw block access (else a mounted file system)
 * @param fsType the file system of a mount volume; empty for block
 * @param multiNodeWriter several nodes write at once (live migration of VMs on block volumes)
 */
record RequestedAccess(boolean block, String fsType, boolean multiNodeWriter) {
  static final String DEFAULT_FS = "ext4";

  /**
   * CSI spec, CreateVolume: capabilities the plugin cannot provide are INVALID_ARGUMENT. Mount
   * volumes are single-node writers (RWX over NFS is not offered); multi-node writers on block
   * volumes need DRBD on top and the driver's permission.
   */
  static RequestedAccess check(
      List<VolumeCapability> caps, VolumeParameters params, ControllerConfig config) {
    if (caps.isEmpty()) {
      throw CsiError.invalidArgument("volume capabilities must not be empty");
    }
    boolean anyBlock = false;
    boolean anyMount = false;
    boolean multiWriter = false;
    String fsType = "";
    for (VolumeCapability cap : caps) {
      Mode mode = cap.getAccessMode().getMode();
      if (mode == Mode.UNKNOWN || mode == Mode.UNRECOGNIZED) {
        throw CsiError.invalidArgument("volume capability has no access mode");
      }
      boolean writers =
          mode == Mode.MULTI_NODE_MULTI_WRITER || mode == Mode.MULTI_NODE_SINGLE_WRITER;
      switch (cap.getAccessTypeCase()) {
        case BLOCK -> {
          anyBlock = true;
          multiWriter |= writers;
        }
        case MOUNT -> {
          anyMount = true;
          if (writers) {
            throw CsiError.invalidArgument(
                "access mode "
                    + mode
                    + " is not supported for file system volumes: a file system can be mounted"
                    + " read-write on one node only; use a block volume or a single-node mode");
          }
          String fs = cap.getMount().getFsType();
          if (fs.isEmpty()) {
            fs = params.fsType().isEmpty() ? DEFAULT_FS : params.fsType();
          }
          if (!fsType.isEmpty() && !fsType.equals(fs)) {
            throw CsiError.invalidArgument(
                "volume capabilities ask for two file systems, '" + fsType + "' and '" + fs + "'");
          }
          fsType = fs;
        }
        default -> throw CsiError.invalidArgument("volume capability needs block or mount access");
      }
    }
    if (anyBlock && anyMount) {
      throw CsiError.invalidArgument("a volume cannot be both a block and a file system volume");
    }
    if (multiWriter) {
      if (!config.allowRwxBlock()) {
        throw CsiError.invalidArgument(
            "multi-node writer block volumes are disabled in this driver's configuration");
      }
      if (params.layerList().isEmpty() || params.layerList().get(0) != Layer.DRBD) {
        throw CsiError.invalidArgument(
            "multi-node writer block volumes need DRBD as the top layer (layerList starts with"
                + " drbd), got "
                + params.layerList());
      }
    }
    return new RequestedAccess(anyBlock, fsType, multiWriter);
  }
}
