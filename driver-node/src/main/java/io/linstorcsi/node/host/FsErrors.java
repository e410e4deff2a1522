package io.linstorcsi.node.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A mounted file system's own verdict on itself, which the mount table does not show: ext4 keeps
 * {@code rw} in {@code /proc/mounts} after it aborted its journal or remounted itself read-only,
 * and a shut-down xfs stays listed as mounted. ext4 counts its errors in {@code
 * /sys/fs/ext4/<device>/errors_count} (kept in the superblock until e2fsck repairs it); a shut-down
 * xfs answers every inode operation, even a stat of its root, with EIO.
 */
public final class FsErrors {
  private static final Path SYS_FS_EXT4 = Path.of("/sys/fs/ext4");
  private static final Path SYS_DEV_BLOCK = Path.of("/sys/dev/block");

  private FsErrors() {}

  /** What is wrong with the file system mounted at {@code path}, or empty when nothing is known. */
  public static Optional<String> of(MountInfo mount, Path path) {
    try {
      Files.readAttributes(path, "unix:mode");
    } catch (NoSuchFileException e) {
      return Optional.empty(); // gone: the caller reports a missing path on its own
    } catch (IOException e) {
      return Optional.of(unreadable(mount, e));
    }
    if (isExt(mount.fsType())) {
      return ext4Errors(mount);
    }
    return Optional.empty();
  }

  private static String unreadable(MountInfo mount, IOException e) {
    String reason = e.getMessage() == null ? e.toString() : e.getMessage();
    if ("xfs".equals(mount.fsType())) {
      return "xfs file system on "
          + mount.source()
          + " has shut down (its root answers: "
          + reason
          + "); the application cannot read or write it. Unstage the volume and run xfs_repair"
          + " on the device";
    }
    return mount.fsType()
        + " file system on "
        + mount.source()
        + " answers I/O errors ("
        + reason
        + "); the application cannot use it";
  }

  private static Optional<String> ext4Errors(MountInfo mount) {
    Optional<String> name = kernelName(mount.device());
    if (name.isEmpty()) {
      return Optional.empty();
    }
    Path dir = SYS_FS_EXT4.resolve(name.get());
    long count = readLong(dir.resolve("errors_count"));
    if (count <= 0) {
      return Optional.empty();
    }
    String last = read(dir.resolve("last_error_func")).map(f -> ", last in " + f).orElse("");
    return Optional.of(
        "ext4 file system on "
            + name.get()
            + " recorded "
            + count
            + (count == 1 ? " error" : " errors")
            + last
            + " (it may have gone read-only for writes although the mount says rw, or hold damaged"
            + " data); unstage the volume: the next staging checks it with e2fsck");
  }

  private static boolean isExt(String fsType) {
    return "ext4".equals(fsType) || "ext3".equals(fsType) || "ext2".equals(fsType);
  }

  /** The kernel's name of a block device ("loop0", "drbd1000", "dm-3"), as sysfs lists it. */
  static Optional<String> kernelName(DeviceNumber device) {
    try {
      return Optional.of(
          SYS_DEV_BLOCK.resolve(device.toString()).toRealPath().getFileName().toString());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static long readLong(Path file) {
    return read(file)
        .map(
            s -> {
              try {
                return Long.parseLong(s);
              } catch (NumberFormatException e) {
                return -1L;
              }
            })
        .orElse(-1L);
  }

  private static Optional<String> read(Path file) {
    try {
      String value = Files.readString(file).strip();
      return value.isEmpty() ? Optional.empty() : Optional.of(value);
    } catch (IOException e) {
      return Optional.empty(); // not an ext4 driven device, or an older kernel without the file
    }
  }
}
