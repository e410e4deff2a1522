package io.linstorcsi.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of the first bytes of a block device (or file), to compare a restore with its source. */
final class Checksums {
  private Checksums() {}

  static String sha256(Path device, long length) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    ByteBuffer buf = ByteBuffer.allocate(1 << 20);
    try (FileChannel ch = FileChannel.open(device, StandardOpenOption.READ)) {
      long done = 0;
      while (done < length) {
        buf.clear().limit((int) Math.min(buf.capacity(), length - done));
        int n = ch.read(buf, done);
        if (n < 0) {
          throw new IllegalStateException(device + " ends at " + done + ", before " + length);
        }
        digest.update(buf.flip());
        done += n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + device, e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
