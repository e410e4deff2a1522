package io.linstorcsi.node;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.node.host.BlockDevices;
import io.linstorcsi.node.host.DeviceNumber;
import io.linstorcsi.node.host.FsType;
import io.linstorcsi.node.host.MountInfo;
import io.linstorcsi.node.host.MountTable;
import io.linstorcsi.node.host.ReadOnlyLoops;
import io.linstorcsi.node.host.Resizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NodeExpandVolume: after the controller grew the device, grows the mounted filesystem online. A
 * block volume needs nothing but its read-only loop device, where it has one, told the new size;
 * the new size is reported.
 */
final class Expander {
  private static final Logger log = LoggerFactory.getLogger(Expander.class);

  private final MountTable mounts;
  private final Resizer resizer;
  private final ReadOnlyLoops readOnlyLoops;

  Expander(MountTable mounts, Resizer resizer, ReadOnlyLoops readOnlyLoops) {
    this.mounts = mounts;
    this.resizer = resizer;
    this.readOnlyLoops = readOnlyLoops;
  }

  /** Returns the device's size in bytes after the filesystem was grown to fill it. */
  long expand(String volumeId, Path path, Optional<Path> staging, long requiredBytes) {
    if (!Files.exists(path)) {
      throw CsiError.notFound("volume " + volumeId + " has nothing at " + path);
    }
    Optional<DeviceNumber> blockDevice = BlockDevices.numberOf(path);
    if (blockDevice.isPresent()) {
      readOnlyLoops.followBackingSize(blockDevice.get());
      return requireSize(volumeId, blockDevice.get(), requiredBytes);
    }
    MountInfo mount =
        mounts
            .at(path)
            .orElseThrow(
                () -> CsiError.notFound("volume " + volumeId + " is not mounted at " + path));
    long size = requireSize(volumeId, mount.device(), requiredBytes);
    FsType type = fsType(mount);
    Path device = BlockDevices.devicePath(mount.device());
    // xfs_growfs wants the mount point; the staged one is the filesystem's own, the target a bind.
    Path mountPoint = staging.filter(s -> mounts.at(s).isPresent()).orElse(path);
    resizer.grow(type, device, mountPoint);
    log.info("{}: grew {} on {} to fill {} bytes", volumeId, type, device, size);
    return size;
  }

  private static long requireSize(String volumeId, DeviceNumber device, long requiredBytes) {
    long size = BlockDevices.sizeBytes(device);
    if (requiredBytes > size) {
      throw CsiError.failedPrecondition(
          "the device of volume "
              + volumeId
              + " has "
              + size
              + " bytes, less than the "
              + requiredBytes
              + " requested; the volume has not grown on this node yet");
    }
    return size;
  }

  private static FsType fsType(MountInfo mount) {
    try {
      return FsType.parse(mount.fsType());
    } catch (CsiError e) {
      throw CsiError.failedPrecondition(
          "cannot grow a " + mount.fsType() + " filesystem: " + mount.describe());
    }
  }
}
