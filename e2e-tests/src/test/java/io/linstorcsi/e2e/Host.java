package io.linstorcsi.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The host as kubelet and an operator see it: commands, the mount table, loop devices. */
final class Host {
  private Host() {}

  /** Runs a command; its standard output, or an exception naming the command and its output. */
  static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not end in 60 s");
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " exited " + p.exitValue() + ": " + text.strip());
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Mount points at or below {@code dir}, deepest first (the order to unmount them in). */
  static List<Path> mountsUnder(Path dir) {
    List<Path> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String[] fields = line.split(" ");
        if (fields.length > 4) {
          Path point = Path.of(unescape(fields[4]));
          if (point.startsWith(dir)) {
            out.add(point);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(Comparator.comparingInt(Path::getNameCount).reversed());
    return out;
  }

  /** Whether something is mounted exactly at {@code path}. */
  static boolean isMountPoint(Path path) {
    return mountsUnder(path).contains(path);
  }

  /** mountinfo escapes space, tab, newline and backslash as octal. */
  private static String unescape(String field) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length()) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Loop devices whose backing file lies below {@code dir}, as {@code /dev/loopN -> file}. */
  static List<String> loopsBackedBy(Path dir) {
    List<String> out = new ArrayList<>();
    try (DirectoryStream<Path> loops = Files.newDirectoryStream(Path.of("/sys/block"), "loop*")) {
      for (Path loop : loops) {
        Path backing = loop.resolve("loop/backing_file");
        if (!Files.exists(backing)) {
          continue;
        }
        String file;
        try {
          file = Files.readString(backing).strip();
        } catch (IOException e) {
          continue; // detached meanwhile
        }
        if (file.startsWith(dir.toString() + "/")) {
          out.add("/dev/" + loop.getFileName() + " -> " + file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Whether this process (and so the driver processes it starts) has a capability. */
  static boolean hasCapability(int bit) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("CapEff:")) {
          long mask = Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
          return (mask & (1L << bit)) != 0;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The size of the file system mounted at {@code path}, as {@code df} reports it. */
  static long filesystemBytes(Path path) {
    String[] lines = run("df", "-B1", "--output=size", path.toString()).strip().split("\n");
    return Long.parseLong(lines[lines.length - 1].strip());
  }

  /**
   * The space available to unprivileged writers on the file system at {@code path} ({@code df}).
   */
  static long filesystemFreeBytes(Path path) {
    String[] lines = run("df", "-B1", "--output=avail", path.toString()).strip().split("\n");
    return Long.parseLong(lines[lines.length - 1].strip());
  }

  /** The mount options at {@code path}, as {@code findmnt} reports them. */
  static List<String> mountOptions(Path path) {
    return List.of(
        run("findmnt", "-n", "-o", "OPTIONS", "--mountpoint", path.toString()).strip().split(","));
  }

  /** The file system type at {@code path}, as {@code findmnt} reports it. */
  static String filesystemType(Path path) {
    return run("findmnt", "-n", "-o", "FSTYPE", "--mountpoint", path.toString()).strip();
  }
}
