package io.linstorcsi.node.host;

import io.linstorcsi.node.exec.CommandFailedException;
import io.linstorcsi.node.exec.CommandResult;
import io.linstorcsi.node.exec.CommandRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Tells blank devices from used ones and creates filesystems on the blank ones. */
public final class Formatter {
  private final CommandRunner runner;

  public Formatter(CommandRunner runner) {
    this.runner = runner;
  }

  /**
   * Whether the signature areas read as zeros (see {@link SignatureAreas}), which spares the blkid
   * process for a fresh volume; any doubt (a read error) leaves the verdict to blkid.
   */
  private static boolean unwritten(Path device, long sizeBytes) {
    try {
      return SignatureAreas.allZero(device, sizeBytes);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Low-level probe ({@code blkid -p}) of the device itself, bypassing blkid's cache, which may
   * know nothing of a volume created a second ago. Exit 2 with no error text is blkid's "no
   * signature". {@code sizeBytes} is the device's size as the caller read it from sysfs for this
   * call.
   */
  public DeviceContent probe(Path device, long sizeBytes) {
    if (unwritten(device, sizeBytes)) {
      return new DeviceContent.Blank();
    }
    List<String> command = List.of("blkid", "-p", "-o", "export", device.toString());
    CommandResult result = runner.probe(command);
    if (result.exitCode() == 2 && result.stderr().isBlank()) {
      return new DeviceContent.Blank();
    }
    if (result.exitCode() != 0) {
      // 2 with a message is an I/O error ("No such device or address"), 8 means ambivalent probing.
      throw CommandFailedException.exited(result);
    }
    String type = null;
    String partitionTable = null;
    for (String line : result.stdout().lines().toList()) {
      if (line.startsWith("TYPE=")) {
        type = line.substring("TYPE=".length());
      } else if (line.startsWith("PTTYPE=")) {
        partitionTable = line.substring("PTTYPE=".length());
      }
    }
    if (type != null) {
      return new DeviceContent.Filesystem(type);
    }
    if (partitionTable != null) {
      return new DeviceContent.Other("a " + partitionTable + " partition table");
    }
    return new DeviceContent.Other("an unrecognised signature (" + result.stdout().strip() + ")");
  }

  /** Creates a filesystem; the caller has made sure the device is blank. */
  public void format(Path device, FsType type, List<String> extraOptions) {
    List<String> command = new ArrayList<>();
    command.add(type.mkfs());
    command.add("-q");
    command.addAll(extraOptions);
    command.add(device.toString());
    runner.run(command);
  }
}
