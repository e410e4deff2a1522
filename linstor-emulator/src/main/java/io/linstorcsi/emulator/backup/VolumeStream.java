package io.linstorcsi.emulator.backup;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The content of one volume object: the chunks of the snapshot that a restore needs on top of the
 * backup it is based on (all non-zero chunks for a full backup, only the changed ones for an
 * incremental one), like the send streams of thin_send / zfs send that linstor-server ships. The
 * encoding is the emulator's own: {@code "LEMUVOL1"}, the volume size, the chunk size, then
 * (offset, length, bytes) records and an offset of -1.
 */
public final class VolumeStream {
  public static final int CHUNK = 64 * 1024;
  private static final byte[] MAGIC =
      "LEMUVOL1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final DataOutputStream out;
  private long chunks;

  /** Writes the stream of a volume of {@code sizeBytes} to {@code sink}. */
  public VolumeStream(OutputStream sink, long sizeBytes) {
    this.out = new DataOutputStream(new BufferedOutputStream(sink, 1 << 16));
    try {
      out.write(MAGIC);
      out.writeLong(sizeBytes);
      out.writeInt(CHUNK);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds a chunk unless it equals the base's chunk (or is all zeros for a full backup). */
  public void offer(long offset, byte[] data, byte[] base) {
    boolean unchanged = base == null ? isZero(data) : Arrays.equals(data, base);
    if (unchanged) {
      return;
    }
    try {
      out.writeLong(offset);
      out.writeInt(data.length);
      out.write(data);
      chunks++;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long chunks() {
    return chunks;
  }

  /** Ends the stream and flushes it to the sink (which the caller closes). */
  public void finish() {
    try {
      out.writeLong(-1);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Receives the records of a stream. */
  @FunctionalInterface
  public interface Sink {
    void write(long offset, byte[] data);
  }

  /** Applies a stream's chunks to {@code sink}; returns the volume size it was taken of. */
  public static long apply(InputStream in, Sink sink) throws IOException {
    DataInputStream data = new DataInputStream(in);
    byte[] magic = data.readNBytes(MAGIC.length);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IOException("not a volume backup stream");
    }
    long size = data.readLong();
    data.readInt();
    for (long offset = data.readLong(); offset >= 0; offset = data.readLong()) {
      int length = data.readInt();
      sink.write(offset, data.readNBytes(length));
    }
    return size;
  }

  private static boolean isZero(byte[] data) {
    for (byte b : data) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
