package io.linstorcsi.node.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's mount table of this process's mount namespace, read from {@code mountinfo} (no
 * {@code findmnt} process per question). Every call reads it afresh: mounts change under us.
 */
public final class MountTable {
  private final Path source;

  public MountTable(Path source) {
    this.source = source;
  }

  public static MountTable ofThisProcess() {
    return new MountTable(Path.of("/proc/self/mountinfo"));
  }

  public List<MountInfo> all() {
    try {
      return parse(Files.readAllLines(source));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    }
  }

  /** The mount visible at {@code mountPoint} (the last one when several are stacked there). */
  public Optional<MountInfo> at(Path mountPoint) {
    return at(all(), mountPoint);
  }

  /** The mount visible at {@code mountPoint} in a table read earlier. */
  public static Optional<MountInfo> at(List<MountInfo> table, Path mountPoint) {
    MountInfo found = null;
    for (MountInfo m : table) {
      if (m.mountPoint().equals(mountPoint)) {
        found = m;
      }
    }
    return Optional.ofNullable(found);
  }

  /** Every mount stacked at {@code mountPoint}, the visible (last mounted) one last. */
  public List<MountInfo> stackedAt(Path mountPoint) {
    return all().stream().filter(m -> m.mountPoint().equals(mountPoint)).toList();
  }

  /** Mounts of whole filesystems on {@code device} (bind mounts of its files included). */
  public List<MountInfo> of(DeviceNumber device) {
    return all().stream().filter(m -> m.device().equals(device)).toList();
  }

  static List<MountInfo> parse(List<String> lines) {
    List<MountInfo> mounts = new ArrayList<>(lines.size());
    for (String line : lines) {
      if (!line.isBlank()) {
        mounts.add(parseLine(line));
      }
    }
    return mounts;
  }

  /**
   * {@code 36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue}: the
   * optional fields before "-" vary in number, so the line is split at the separator first.
   */
  static MountInfo parseLine(String line) {
    String[] fields = line.split(" ");
    int dash = Arrays.asList(fields).indexOf("-");
    if (dash < 6 || fields.length < dash + 3) {
      throw new IllegalArgumentException("unexpected mountinfo line: " + line);
    }
    return new MountInfo(
        Integer.parseInt(fields[0]),
        Integer.parseInt(fields[1]),
        DeviceNumber.parse(fields[2]),
        unescape(fields[3]),
        Path.of(unescape(fields[4])),
        List.of(fields[5].split(",")),
        unescape(fields[dash + 1]),
        unescape(fields[dash + 2]),
        fields.length > dash + 3 ? List.of(fields[dash + 3].split(",")) : List.of());
  }

  /** The kernel writes space, tab, newline and backslash in paths as three-digit octal escapes. */
  static String unescape(String field) {
    if (field.indexOf('\\') < 0) {
      return field;
    }
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && isOctal(field, i + 1)) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '7') {
        return false;
      }
    }
    return true;
  }
}
