package io.linstorcsi.node.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The kernel's mount table of this process's mount namespace, read from {@code mountinfo} (no
 * {@code findmnt} process per question). Every call reads it afresh: mounts change under us. A
 * lookup parses only the lines of the mount points or the device it asks about, found in the raw
 * text: a node running many pods has hundreds of lines, and parsing them all cost more than the
 * lookup's own work.
 */
public final class MountTable {
  /**
   * Fields of a mountinfo line before the optional ones: the device is the third, the mount point
   * the fifth.
   */
  private static final int DEVICE_FIELD = 2;

  private static final int MOUNT_POINT_FIELD = 4;

  private final Path source;

  public MountTable(Path source) {
    this.source = source;
  }

  public static MountTable ofThisProcess() {
    return new MountTable(Path.of("/proc/self/mountinfo"));
  }

  public List<MountInfo> all() {
    String text = read();
    List<MountInfo> mounts = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        mounts.add(parseLine(line));
      }
    }
    return mounts;
  }

  /** The mount visible at {@code mountPoint} (the last one when several are stacked there). */
  public Optional<MountInfo> at(Path mountPoint) {
    return at(stackedAt(mountPoint), mountPoint);
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
    return mountedAt(Set.of(mountPoint));
  }

  /**
   * Every mount at any of {@code mountPoints}, in the table's order, from one read: a call that
   * looks at two paths sees them at the same moment.
   */
  public List<MountInfo> mountedAt(Set<Path> mountPoints) {
    Set<String> escaped = new HashSet<>();
    for (Path p : mountPoints) {
      escaped.add(escape(p.toString()));
    }
    return select(escaped, MOUNT_POINT_FIELD);
  }

  /** Mounts of whole filesystems on {@code device} (bind mounts of its files included). */
  public List<MountInfo> of(DeviceNumber device) {
    return select(Set.of(device.toString()), DEVICE_FIELD);
  }

  /**
   * The lines whose field {@code index} is one of {@code values}, parsed, in the table's order. The
   * text is searched for each value between spaces first, so that only the lines holding it are
   * split at all.
   */
  private List<MountInfo> select(Set<String> values, int index) {
    String text = read();
    TreeSet<Integer> lineStarts = new TreeSet<>();
    for (String value : values) {
      String needle = " " + value + " ";
      for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
        lineStarts.add(text.lastIndexOf('\n', at) + 1);
      }
    }
    List<MountInfo> mounts = new ArrayList<>();
    for (int start : lineStarts) {
      int end = text.indexOf('\n', start);
      String line = text.substring(start, end < 0 ? text.length() : end);
      if (values.contains(field(line, index))) {
        mounts.add(parseLine(line));
      }
    }
    return mounts;
  }

  private String read() {
    try {
      return Files.readString(source);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    }
  }

  /** The {@code index}th space-separated field of a line, as the kernel wrote it (escaped). */
  static String field(String line, int index) {
    int from = 0;
    for (int i = 0; i < index; i++) {
      from = line.indexOf(' ', from) + 1;
      if (from == 0) {
        return "";
      }
    }
    int to = line.indexOf(' ', from);
    return line.substring(from, to < 0 ? line.length() : to);
  }

  /** A path as the kernel writes it in mountinfo: the inverse of {@link #unescape}. */
  static String escape(String path) {
    StringBuilder out = null;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\\') {
        if (out == null) {
          out = new StringBuilder(path.length() + 8).append(path, 0, i);
        }
        out.append('\\').append(String.format("%03o", (int) c));
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? path : out.toString();
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
