package io.linstorcsi.emulator;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

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
  /**
   * The loop devices backed by files under {@code dir} that {@code counted} selects, once deferred
   * detaches are done: a detach while another process (udev probing a new device) holds the device
   * open only sets autoclear, and the kernel detaches it on that process's last close, a moment
   * later. Waits up to five seconds for none to be left, then returns what is left.
   */
  static List<String> loopsLeft(String dir, Predicate<String> counted) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    List<String> left = loopsBackedBy(dir).stream().filter(counted).toList();
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
      left = loopsBackedBy(dir).stream().filter(counted).toList();
    }
    return left;
  }

  /** {@link #loopsLeft} of all devices under {@code dir}. */
  static List<String> loopsLeft(String dir) throws InterruptedException {
    return loopsLeft(dir, l -> true);
  }

  static List<String> loopsBackedBy(String dir) {
    return run("losetup", "--list", "--noheadings", "--output", "NAME,BACK-FILE")
        .lines()
        .map(String::trim)
        .filter(l -> l.contains(dir))
        .toList();
  }
}
