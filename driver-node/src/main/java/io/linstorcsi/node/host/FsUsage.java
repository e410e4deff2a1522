package io.linstorcsi.node.host;

import io.linstorcsi.node.exec.CommandResult;
import io.linstorcsi.node.exec.CommandRunner;
import java.nio.file.Path;

/**
 * Space and inodes of a mounted filesystem, from one {@code statfs} ({@code stat -f}): the JDK's
 * FileStore has no inode counts, and one call gives one consistent snapshot of both.
 */
public record FsUsage(
    long totalBytes, long freeBytes, long availableBytes, long totalInodes, long freeInodes) {

  public long usedBytes() {
    return totalBytes - freeBytes;
  }

  public long usedInodes() {
    return totalInodes - freeInodes;
  }

  public static FsUsage of(CommandRunner runner, Path path) {
    CommandResult result = runner.run("stat", "-f", "--format=%S %b %f %a %c %d", path.toString());
    return parse(result.stdout());
  }

  /** Fragment size, total/free/available blocks, total/free inodes. */
  static FsUsage parse(String statOutput) {
    String[] f = statOutput.strip().split("\\s+");
    if (f.length != 6) {
      throw new IllegalStateException("unexpected stat -f output: '" + statOutput.strip() + "'");
    }
    long fragment = Long.parseLong(f[0]);
    return new FsUsage(
        fragment * Long.parseLong(f[1]),
        fragment * Long.parseLong(f[2]),
        fragment * Long.parseLong(f[3]),
        Long.parseLong(f[4]),
        Long.parseLong(f[5]));
  }
}
