package io.linstorcsi.node.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The fields of an ext2/3/4 superblock that staging needs, read straight from the device (1 KiB at
 * offset 1024) instead of running {@code dumpe2fs}: whether the file system recorded errors and how
 * large it is. Offsets from the kernel's {@code struct ext4_super_block} (fs/ext4/ext4.h).
 *
 * @param state {@code s_state}: 1 cleanly unmounted, 2 errors detected, 4 orphans being recovered
 * @param errorCount {@code s_error_count}, kept until e2fsck repairs the file system
 */
public record Ext4Superblock(int state, long errorCount, long blockCount, long blockSize) {
  private static final int OFFSET = 1024;
  private static final int MAGIC = 0xEF53;
  private static final int STATE_ERRORS = 0x2;
  private static final int INCOMPAT_64BIT = 0x80;

  /** The superblock of {@code device}, or empty when it holds no ext2/3/4 file system. */
  public static Optional<Ext4Superblock> read(Path device) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel channel = FileChannel.open(device, StandardOpenOption.READ)) {
      while (buf.hasRemaining()) {
        if (channel.read(buf, OFFSET + buf.position()) < 0) {
          return Optional.empty(); // shorter than a superblock
        }
      }
    }
    return parse(buf.flip());
  }

  static Optional<Ext4Superblock> parse(ByteBuffer sb) {
    if (Short.toUnsignedInt(sb.getShort(0x38)) != MAGIC) {
      return Optional.empty();
    }
    long blocks = Integer.toUnsignedLong(sb.getInt(0x04));
    if ((sb.getInt(0x60) & INCOMPAT_64BIT) != 0) {
      blocks |= Integer.toUnsignedLong(sb.getInt(0x150)) << 32;
    }
    return Optional.of(
        new Ext4Superblock(
            Short.toUnsignedInt(sb.getShort(0x3A)),
            Integer.toUnsignedLong(sb.getInt(0x194)),
            blocks,
            1024L << sb.getInt(0x18)));
  }

  /** The superblock says the file system has errors: it must be checked before it is mounted. */
  public boolean recordsErrors() {
    return (state & STATE_ERRORS) != 0 || errorCount > 0;
  }

  public long bytes() {
    return blockCount * blockSize;
  }
}
