package io.linstorcsi.node.host;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.node.exec.CommandFailedException;
import io.linstorcsi.node.exec.CommandRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Mounts and unmounts with util-linux {@code mount}/{@code umount}. One implementation only: the
 * test seam is the real kernel on loop devices, not an interface.
 */
public final class Mounter {
  /** More stacked mounts than this on one path is a loop gone wrong, not a volume. */
  private static final int MAX_STACKED = 16;

  private final CommandRunner runner;
  private final MountTable table;

  public Mounter(CommandRunner runner, MountTable table) {
    this.runner = runner;
    this.table = table;
  }

  public MountTable table() {
    return table;
  }

  /** Mounts a filesystem; {@code options} were checked by {@link MountOptions} already. */
  public void mount(Path device, Path target, FsType type, List<String> options) {
    List<String> command = new ArrayList<>(List.of("mount", "-t", type.id()));
    if (!options.isEmpty()) {
      command.add("-o");
      command.add(String.join(",", options));
    }
    command.add(device.toString());
    command.add(target.toString());
    runner.run(command);
  }

  /** Makes {@code source} (a directory or a device node) visible at {@code target} too. */
  public void bind(Path source, Path target) {
    runner.run("mount", "--bind", source.toString(), target.toString());
  }

  /**
   * A bind mount inherits the source's flags and ignores "ro" on creation, so read-only takes a
   * second step that changes only this mount point, not the staged filesystem.
   */
  public void remountBindReadOnly(Path target) {
    runner.run("mount", "-o", "remount,bind,ro", target.toString());
  }

  /**
   * Unmounts everything stacked on {@code target}. Never lazily: a lazy unmount would report
   * success while a process still writes to the device, and the next node to promote it would see a
   * filesystem that is still in use here.
   */
  public void unmountAll(Path target) {
    unmount(target, table.stackedAt(target));
  }

  /**
   * Unmounts the {@code stacked} mounts the caller read at {@code target}, one {@code umount} each;
   * each one that succeeds removed exactly one, so the table need not be read again.
   */
  public void unmount(Path target, List<MountInfo> stacked) {
    if (stacked.size() > MAX_STACKED) {
      throw CsiError.internal(
          target + " has " + stacked.size() + " stacked mounts; inspect it by hand", null);
    }
    for (int i = 0; i < stacked.size(); i++) {
      try {
        runner.run("umount", target.toString());
      } catch (CommandFailedException e) {
        if (e.stderr().contains("busy")) {
          throw CsiError.failedPrecondition(
              target
                  + " is still in use and cannot be unmounted ("
                  + e.stderr().strip()
                  + "); stop the processes using it and retry");
        }
        if (e.stderr().contains("not mounted")) {
          return; // unmounted meanwhile by someone else: what was asked for is done
        }
        throw e;
      }
    }
  }
}
