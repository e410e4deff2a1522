package io.linstorcsi.node;

import csi.v1.NodeGetVolumeStatsResponse;
import csi.v1.VolumeCondition;
import csi.v1.VolumeUsage;
import io.linstorcsi.common.CsiError;
import io.linstorcsi.node.drbd.Drbd;
import io.linstorcsi.node.drbd.DrbdHealth;
import io.linstorcsi.node.exec.CommandRunner;
import io.linstorcsi.node.host.BlockDevices;
import io.linstorcsi.node.host.DeviceNumber;
import io.linstorcsi.node.host.FsErrors;
import io.linstorcsi.node.host.FsUsage;
import io.linstorcsi.node.host.MountInfo;
import io.linstorcsi.node.host.MountTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NodeGetVolumeStats: usage of the filesystem (bytes and inodes) or the size of a block volume, and
 * a VolumeCondition that is abnormal when the mount is gone, the file system recorded errors or
 * shut down, or the DRBD volume is not healthy.
 */
final class VolumeStats {
  private static final Logger log = LoggerFactory.getLogger(VolumeStats.class);

  private final MountTable mounts;
  private final CommandRunner runner;
  private final Drbd drbd;

  VolumeStats(MountTable mounts, CommandRunner runner, Drbd drbd) {
    this.mounts = mounts;
    this.runner = runner;
    this.drbd = drbd;
  }

  NodeGetVolumeStatsResponse stats(String volumeId, Path path) {
    Optional<MountInfo> mount = mounts.at(path);
    if (!exists(path, mount.isPresent())) {
      // CSI spec, NodeGetVolumeStats: NOT_FOUND when the volume does not exist at volume_path.
      throw CsiError.notFound("volume " + volumeId + " has nothing at " + path);
    }
    if (mount.isEmpty()) {
      return NodeGetVolumeStatsResponse.newBuilder()
          .setVolumeCondition(
              condition(
                  true,
                  "volume path "
                      + path
                      + " is not mounted any more (the mount is gone); the pod sees the node's"
                      + " own directory"))
          .build();
    }
    Optional<String> fsError = FsErrors.of(mount.get(), path);
    if (fsError.isPresent() && !readable(path)) {
      // nothing more can be read from it (a shut-down xfs); the condition is what matters
      return NodeGetVolumeStatsResponse.newBuilder()
          .setVolumeCondition(health(mount.get().device(), mount.get(), fsError))
          .build();
    }
    Optional<DeviceNumber> blockDevice = BlockDevices.numberOf(path);
    NodeGetVolumeStatsResponse.Builder out = NodeGetVolumeStatsResponse.newBuilder();
    DeviceNumber device;
    if (blockDevice.isPresent()) {
      device = blockDevice.get();
      blockSize(device)
          .ifPresent(
              size ->
                  out.addUsage(
                      VolumeUsage.newBuilder().setUnit(VolumeUsage.Unit.BYTES).setTotal(size)));
    } else {
      device = mount.get().device();
      FsUsage usage = FsUsage.of(runner, path);
      out.addUsage(
              VolumeUsage.newBuilder()
                  .setUnit(VolumeUsage.Unit.BYTES)
                  .setTotal(usage.totalBytes())
                  .setUsed(usage.usedBytes())
                  .setAvailable(usage.availableBytes()))
          .addUsage(
              VolumeUsage.newBuilder()
                  .setUnit(VolumeUsage.Unit.INODES)
                  .setTotal(usage.totalInodes())
                  .setUsed(usage.usedInodes())
                  .setAvailable(usage.freeInodes()));
    }
    return out.setVolumeCondition(health(device, mount.get(), fsError)).build();
  }

  /**
   * Whether something is at the path. A mount point whose file system answers I/O errors exists:
   * {@link Files#exists} would call it missing.
   */
  private static boolean exists(Path path, boolean mounted) {
    try {
      Files.readAttributes(path, "unix:mode");
      return true;
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      return mounted;
    }
  }

  private static boolean readable(Path path) {
    try {
      Files.readAttributes(path, "unix:mode");
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The size from sysfs; a device the kernel has no sysfs entry for (its driver is gone) still gets
   * its condition reported, which matters more than its size then.
   */
  private static Optional<Long> blockSize(DeviceNumber device) {
    try {
      return Optional.of(BlockDevices.sizeBytes(device));
    } catch (IllegalStateException e) {
      log.warn("no size for block device {}: {}", device, e.getMessage());
      return Optional.empty();
    }
  }

  /** The file system's own errors first (they are what the application meets), then DRBD's. */
  private VolumeCondition health(DeviceNumber device, MountInfo mount, Optional<String> fsError) {
    Optional<DrbdHealth> drbdHealth =
        device.isDrbd() && drbd.active()
            ? Optional.of(drbd.health(device.minor()))
            : Optional.empty();
    if (fsError.isPresent()) {
      return condition(true, fsError.get() + drbdHealth.map(h -> "; " + h.message()).orElse(""));
    }
    return drbdHealth
        .map(h -> condition(h.abnormal(), h.message()))
        .orElseGet(() -> condition(false, "mounted: " + mount.describe()));
  }

  private static VolumeCondition condition(boolean abnormal, String message) {
    return VolumeCondition.newBuilder().setAbnormal(abnormal).setMessage(message).build();
  }
}
