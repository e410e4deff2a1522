package io.linstorcsi.emulator;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Host commands and raw device access for the tests that use real loop devices. */
final class Host {
  private Host() {}

  static String run(String... args) {
    try {
      Process p = new ProcessBuilder(List.of(args)).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", args) + " timed out");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", args) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Writes bytes at an offset of a block device and flushes them through to the backing file. */
  static void write(String device, long offset, byte[] data) {
    try (RandomAccessFile f = new RandomAccessFile(device, "rw")) {
      f.seek(offset);
      f.write(data);
      f.getFD().sync();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] read(String device, long offset, int length) {
    try (RandomAccessFile f = new RandomAccessFile(device, "r")) {
      byte[] data = new byte[length];
      f.seek(offset);
      f.readFully(data);
      return data;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loop devices whose backing file lies under {@code dir}. */
  static List<String> loopsBackedBy(String dir) {
    return run("losetup", "--list", "--noheadings", "--output", "NAME,BACK-FILE")
        .lines()
        .map(String::trim)
        .filter(l -> l.contains(dir))
        .toList();
  }
}
