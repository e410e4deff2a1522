package io.linstorcsi.node.host;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.node.exec.CommandFailedException;
import io.linstorcsi.node.exec.CommandResult;
import io.linstorcsi.node.exec.CommandRunner;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The non-interactive check of an ext2/3/4 file system before it is mounted, with the semantics of
 * Kubernetes' safe mounter ({@code kubernetes/mount-utils, mount_linux.go,
 * checkAndRepairFilesystem}: {@code fsck -a}, exit 1 "errors corrected" proceeds, exit 4 "errors
 * uncorrected" refuses the mount). {@code e2fsck -p} is what {@code fsck -a} runs for ext*, called
 * directly so that no second blkid probe runs to find the type.
 */
public final class Ext4Check {
  private static final Logger log = LoggerFactory.getLogger(Ext4Check.class);

  /** e2fsck(8) exit codes. */
  private static final int CORRECTED = 1;

  private static final int REBOOT_ADVISED = 2;
  private static final int UNCORRECTED = 4;

  private final CommandRunner runner;
  private final String nodeName;

  public Ext4Check(CommandRunner runner, String nodeName) {
    this.runner = runner;
    this.nodeName = nodeName;
  }

  /**
   * Checks and repairs what {@code e2fsck -p} may repair without a person; refuses when damage is
   * left. A damaged file system is the volume's state, not the driver's fault, and retrying cannot
   * change it: FAILED_PRECONDITION, which kubelet shows as the pod's event.
   */
  public void repair(String volumeId, Path device) {
    log.warn(
        "{}: the ext4 file system on {} records errors; checking it with e2fsck -p before mounting",
        volumeId,
        device);
    CommandResult result = runner.probe(List.of("e2fsck", "-p", device.toString()));
    int code = result.exitCode();
    if (code == 0 || code == CORRECTED || code == REBOOT_ADVISED) {
      // exit 2 asks for a reboot only when the checked file system is mounted (the root); this
      // one is not, so the repair is complete, as Kubernetes' mounter treats it too
      log.warn(
          "{}: e2fsck -p on {} exited {} ({}): {}",
          volumeId,
          device,
          code,
          code == 0 ? "nothing to repair" : "errors corrected",
          oneLine(result.stdout() + " " + result.stderr()));
      return;
    }
    if ((code & UNCORRECTED) != 0) {
      throw CsiError.failedPrecondition(
          "the ext4 file system of volume "
              + volumeId
              + " on "
              + device
              + " has errors that e2fsck -p cannot repair on its own ("
              + oneLine(result.stdout() + " " + result.stderr())
              + "); it was not mounted. Run e2fsck on "
              + device
              + " by hand on node "
              + nodeName
              + " (it asks before each repair), then the volume can be staged");
    }
    throw CsiError.internal(
        "e2fsck -p could not check the ext4 file system of volume "
            + volumeId
            + " on "
            + device
            + " (exit "
            + code
            + ": "
            + oneLine(result.stderr() + " " + result.stdout())
            + "); it was not mounted",
        CommandFailedException.exited(result));
  }

  private static String oneLine(String text) {
    String flat = text.strip().replaceAll("\\s+", " ");
    return flat.length() > 400 ? flat.substring(0, 400) + "..." : flat;
  }
}
