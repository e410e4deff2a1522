package io.linstorcsi.node.host;

import static java.nio.file.StandardOpenOption.READ;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The cheap half of the blank-device check: whether every byte where a signature could be is zero.
 * A freshly provisioned volume (thin LVM, ZFS, a new file) reads as zeros, and then no probe can
 * find anything, so {@code blkid -p} need not run; anything else goes to blkid for the verdict. The
 * areas are generous on purpose: libblkid's probers look no further than 4 MiB into a device (the
 * last LUKS2 secondary header, {@code util-linux libblkid/src/superblocks/luks.c}) nor further than
 * 1 MiB back from its end (ZFS labels L2/L3, {@code zfs.c}; UDF anchors with 4 KiB blocks, {@code
 * udf.c}; RAID metadata and backup GPT are closer to the end).
 */
public final class SignatureAreas {
  /** The last LUKS2 secondary header starts at 4 MiB; the margin covers its 4 KiB. */
  static final long HEAD = (4L << 20) + (64 << 10);

  /** UDF's last anchor sits 257 blocks (of up to 4 KiB) before the end: just over 1 MiB. */
  static final long TAIL = 2L << 20;

  /** Few, large direct reads: each one is a request the device (or loop worker) must schedule. */
  private static final int CHUNK = 1 << 20;

  private static final int ALIGN = 4096;

  /** Compared slice by slice, so that no chunk-sized zero buffer stays in memory. */
  private static final ByteBuffer ZEROS = ByteBuffer.wrap(new byte[64 << 10]).asReadOnlyBuffer();

  private SignatureAreas() {}

  /** True when the first 4 MiB (and a bit) and the last 2 MiB of the device are zero. */
  public static boolean allZero(Path device, long sizeBytes) throws IOException {
    // direct I/O where the device allows it (ExtendedOpenOption is jdk.unsupported's O_DIRECT):
    // nothing is left in the page cache
    try (FileChannel direct = FileChannel.open(device, READ, ExtendedOpenOption.DIRECT)) {
      return scan(direct, sizeBytes);
    } catch (UnsupportedOperationException | IOException e) {
      try (FileChannel buffered = FileChannel.open(device, READ)) {
        return scan(buffered, sizeBytes);
      }
    }
  }

  private static boolean scan(FileChannel channel, long sizeBytes) throws IOException {
    if (sizeBytes <= HEAD + TAIL) {
      return zero(channel, 0, sizeBytes);
    }
    return zero(channel, 0, HEAD) && zero(channel, sizeBytes - TAIL, TAIL);
  }

  /**
   * One aligned buffer for direct I/O, made on the first stage: a node that never stages a volume
   * does not pay for it, and it is not reallocated for every call (direct memory is bounded). Calls
   * take turns; a scan takes milliseconds.
   */
  private static ByteBuffer buffer;

  private static synchronized boolean zero(FileChannel channel, long from, long length)
      throws IOException {
    if (buffer == null) {
      buffer = ByteBuffer.allocateDirect(CHUNK + ALIGN).alignedSlice(ALIGN);
    }
    ByteBuffer buf = buffer;
    long position = from;
    long end = from + length;
    while (position < end) {
      buf.clear().limit((int) Math.min(CHUNK, end - position));
      int read = readFully(channel, buf, position);
      if (read == 0) {
        return true; // the device ended early: nothing beyond it to look at
      }
      for (int at = 0; at < read; at += ZEROS.capacity()) {
        int n = Math.min(ZEROS.capacity(), read - at);
        if (buf.slice(at, n).mismatch(ZEROS.duplicate().limit(n)) != -1) {
          return false;
        }
      }
      position += read;
    }
    return true;
  }

  private static int readFully(FileChannel channel, ByteBuffer buf, long position)
      throws IOException {
    int total = 0;
    while (buf.hasRemaining()) {
      int n = channel.read(buf, position + total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }
}
