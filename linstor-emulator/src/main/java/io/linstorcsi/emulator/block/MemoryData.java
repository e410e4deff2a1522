package io.linstorcsi.emulator.block;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A volume's or snapshot's bytes in memory, sparse: only chunks that were written are held. Chunks
 * are never changed in place (a write replaces the chunk), so a copy shares them safely.
 */
final class MemoryData {
  static final int CHUNK = 64 * 1024;

  private final String name;
  private final Map<Long, byte[]> chunks;
  private volatile long sizeBytes;

  MemoryData(String name, long sizeBytes) {
    this(name, sizeBytes, new ConcurrentSkipListMap<>());
  }

  private MemoryData(String name, long sizeBytes, Map<Long, byte[]> chunks) {
    this.name = name;
    this.sizeBytes = sizeBytes;
    this.chunks = chunks;
  }

  MemoryData copy(String copyName, long copySizeBytes) {
    MemoryData out = new MemoryData(copyName, copySizeBytes, new ConcurrentSkipListMap<>(chunks));
    out.truncate(copySizeBytes);
    return out;
  }

  long sizeBytes() {
    return sizeBytes;
  }

  synchronized void resize(long bytes) {
    sizeBytes = bytes;
    truncate(bytes);
  }

  private void truncate(long bytes) {
    chunks.keySet().removeIf(index -> index * CHUNK >= bytes);
  }

  void read(long offset, byte[] into) {
    Arrays.fill(into, (byte) 0);
    long pos = offset;
    int done = 0;
    while (done < into.length) {
      long index = pos / CHUNK;
      int within = (int) (pos % CHUNK);
      int n = Math.min(CHUNK - within, into.length - done);
      byte[] chunk = chunks.get(index);
      if (chunk != null) {
        System.arraycopy(chunk, within, into, done, n);
      }
      pos += n;
      done += n;
    }
  }

  synchronized void write(long offset, byte[] data) {
    if (offset < 0 || offset + data.length > sizeBytes) {
      throw new IllegalArgumentException(
          "write of " + data.length + " bytes at " + offset + " is outside " + name);
    }
    long pos = offset;
    int done = 0;
    while (done < data.length) {
      long index = pos / CHUNK;
      int within = (int) (pos % CHUNK);
      int n = Math.min(CHUNK - within, data.length - done);
      byte[] old = chunks.get(index);
      byte[] chunk = old == null ? new byte[CHUNK] : old.clone();
      System.arraycopy(data, done, chunk, within, n);
      chunks.put(index, chunk);
      pos += n;
      done += n;
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
