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
            // the kernel's ext4 online resize checks CAP_SYS_RESOURCE, not just root
            throw CsiError.internal(
                e.getMessage()
                    + " (growing a mounted ext4 filesystem needs the CAP_SYS_RESOURCE capability;"
                    + " give it to the node plugin's container)",
                e);
          }
          throw e;
        }
      }
      case XFS -> runner.run("xfs_growfs", "-d", mountPoint.toString());
    }
  }
}
