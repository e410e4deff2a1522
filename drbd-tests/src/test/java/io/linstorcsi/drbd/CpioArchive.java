package io.linstorcsi.drbd;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the "newc" cpio format, the one the kernel unpacks as an initramfs. Every entry is owned
 * by root; inode numbers only need to be distinct.
 */
final class CpioArchive implements AutoCloseable {
  private static final int DIRECTORY = 0040000;
  private static final int REGULAR = 0100000;
  private static final int CHARACTER_DEVICE = 0020000;

  private final OutputStream out;
  private long written;
  private int inode = 1;

  CpioArchive(OutputStream out) {
    this.out = out;
  }

  void directory(String path) throws IOException {
    entry(path, DIRECTORY | 0755, 0, 0, new byte[0]);
  }

  void file(String path, int permissions, byte[] content) throws IOException {
    entry(path, REGULAR | permissions, 0, 0, content);
  }

  void characterDevice(String path, int permissions, int major, int minor) throws IOException {
    entry(path, CHARACTER_DEVICE | permissions, major, minor, new byte[0]);
  }

  private void entry(String path, int mode, int rdevMajor, int rdevMinor, byte[] content)
      throws IOException {
    byte[] name = (path + "\0").getBytes(StandardCharsets.UTF_8);
    StringBuilder header = new StringBuilder("070701");
    long[] fields = {
      inode++,
      mode,
      0,
      0,
      (mode & DIRECTORY) != 0 ? 2 : 1,
      0,
      content.length,
      0,
      0,
      rdevMajor,
      rdevMinor,
      name.length,
      0
    };
    for (long field : fields) {
      header.append(String.format("%08x", field));
    }
    write(header.toString().getBytes(StandardCharsets.US_ASCII));
    write(name);
    pad();
    write(content);
    pad();
  }

  private void write(byte[] bytes) throws IOException {
    out.write(bytes);
    written += bytes.length;
  }

  /** Header plus name, and the data, each end on a four-byte boundary. */
  private void pad() throws IOException {
    while (written % 4 != 0) {
      write(new byte[1]);
    }
  }

  @Override
  public void close() throws IOException {
    inode = 0;
    entry("TRAILER!!!", 0, 0, 0, new byte[0]);
    out.close();
  }
}
