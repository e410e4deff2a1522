package io.linstorcsi.node.host;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.node.exec.CommandFailedException;
import io.linstorcsi.node.exec.CommandRunner;
import java.nio.file.Path;

/** Grows a mounted filesystem to fill its (already grown) device. */
public final class Resizer {
  private final CommandRunner runner;

  public Resizer(CommandRunner runner) {
    this.runner = runner;
  }

  /**
   * ext4 grows online through the device, xfs only through a mount point. Both are no-ops when the
   * filesystem already fills the device, which makes a repeated call harmless.
   */
  public void grow(FsType type, Path device, Path mountPoint) {
    switch (type) {
      case EXT4 -> {
        try {
          runner.run("resize2fs", device.toString());
        } catch (CommandFailedException e) {
          if (e.stderr().contains("Permission denied")) {
            throw missingCapability(device, Capabilities.ofThisProcess());
          }
          throw e;
        }
      }
      case XFS -> runner.run("xfs_growfs", "-d", mountPoint.toString());
    }
  }

  /**
   * The kernel's ext4 online resize checks CAP_SYS_RESOURCE, not just root. Where the host keeps it
   * out of the bounding set, no container setting can grant it, so the advice differs: the file
   * system grows offline (no capability needed) the next time the volume is staged.
   */
  static CsiError missingCapability(Path device, Capabilities caps) {
    String later =
        "; the file system on "
            + device
            + " keeps its old size until the next staging grows it (restart the pod so that the"
            + " volume is unstaged and staged again)";
    if (!caps.inBoundingSet(Capabilities.CAP_SYS_RESOURCE)) {
      return CsiError.failedPrecondition(
          "cannot grow the mounted ext4 online: resize2fs was refused (Permission denied) because"
              + " CAP_SYS_RESOURCE is absent from the bounding set of the node plugin's process"
              + " (/proc/self/status CapBnd: "
              + caps.boundingHex()
              + "): this host withholds it from every process, privileged containers included,"
              + " so no container setting can give it"
              + later);
    }
    return CsiError.failedPrecondition(
        "cannot grow the mounted ext4 online: resize2fs was refused (Permission denied) because"
            + " the node plugin's process lacks CAP_SYS_RESOURCE although the host allows it (it"
            + " is in the bounding set): add it to the container's securityContext capabilities"
            + " (or run it privileged)"
            + later);
  }

  /**
   * Before mounting: grows an ext4 filesystem that is smaller than its device (the volume was
   * expanded while not staged, or online growth was not possible). Offline growth needs no special
   * capability; resize2fs insists on a fresh check first. Returns whether it grew.
   */
  public boolean growUnmountedExt4(Path device, Ext4Superblock superblock, long deviceBytes) {
    // resize2fs works in whole blocks and LINSTOR sizes are KiB-aligned: less than 1 MiB is noise
    if (deviceBytes - superblock.bytes() < (1 << 20)) {
      return false;
    }
    runner.run("e2fsck", "-f", "-p", device.toString());
    runner.run("resize2fs", device.toString());
    return true;
  }

  /**
   * After mounting: grows an xfs filesystem that is smaller than its device (restored or cloned
   * into a larger volume, or expanded while not staged). xfs grows only while mounted. Returns
   * whether it grew. The device's size comes from sysfs ({@link BlockDevices#sizeBytes}), which is
   * what {@code blockdev --getsize64} would print, without a process.
   */
  public boolean growMountedXfsIfSmaller(long deviceBytes, Path mountPoint) {
    long fsBytes = xfsDataBytes(runner.run("xfs_info", mountPoint.toString()).stdout());
    if (fsBytes <= 0 || deviceBytes - fsBytes < (1 << 20)) {
      return false;
    }
    runner.run("xfs_growfs", "-d", mountPoint.toString());
    return true;
  }

  /** Data blocks times block size from the {@code data} section of {@code xfs_info}. */
  static long xfsDataBytes(String xfsInfo) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?m)^data\\s*=\\s*bsize=(\\d+)\\s+blocks=(\\d+)")
            .matcher(xfsInfo);
    return m.find() ? Long.parseLong(m.group(1)) * Long.parseLong(m.group(2)) : -1;
  }
}
