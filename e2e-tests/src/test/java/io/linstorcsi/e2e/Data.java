package io.linstorcsi.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

/** What a pod's application does with its volume: writes that it syncs, and reads. */
final class Data {
  private Data() {}

  /** Reproducible bytes that differ per {@code seed}, so a mix-up between volumes shows. */
  static byte[] pattern(String seed, int size) {
    byte[] out = new byte[size];
    new Random(seed.hashCode()).nextBytes(out);
    return out;
  }

  /** Writes a file below a mounted volume and fsyncs it (and its directory entry). */
  static void writeFile(Path file, byte[] content) {
    try (FileChannel ch =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      writeFully(ch, 0, content);
      ch.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + file, e);
    }
    syncDirectory(file.getParent());
  }

  static byte[] readFile(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
  }

  /** Writes at {@code offset} of a published block device file and flushes to the device. */
  static void writeBlock(Path device, long offset, byte[] content) {
    try (FileChannel ch = FileChannel.open(device, StandardOpenOption.WRITE)) {
      writeFully(ch, offset, content);
      ch.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + device, e);
    }
  }

  static byte[] readBlock(Path device, long offset, int length) {
    ByteBuffer buf = ByteBuffer.allocate(length);
    try (FileChannel ch = FileChannel.open(device, StandardOpenOption.READ)) {
      while (buf.hasRemaining()) {
        if (ch.read(buf, offset + buf.position()) < 0) {
          break;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + device, e);
    }
    return buf.array();
  }

  /** The size of a block device, through the published device file. */
  static long blockSize(Path device) {
    return Long.parseLong(Host.run("blockdev", "--getsize64", device.toString()).strip());
  }

  private static void writeFully(FileChannel ch, long offset, byte[] content) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(content);
    while (buf.hasRemaining()) {
      ch.write(buf, offset + buf.position());
    }
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("syncing " + dir, e);
    }
  }
}
