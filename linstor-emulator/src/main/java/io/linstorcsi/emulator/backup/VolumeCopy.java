package io.linstorcsi.emulator.backup;

import io.linstorcsi.emulator.block.BlockStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a snapshot volume chunk by chunk at the shipment's pace and collects what a backup of it
 * holds: every non-zero chunk, or with a base only the chunks that differ from it.
 */
public final class VolumeCopy {
  private VolumeCopy() {}

  /**
   * The stream of {@code handle}'s data relative to {@code baseHandle} (null: a full backup), in a
   * temporary file the caller deletes (volumes may be larger than the heap).
   */
  public static Path stream(BlockStore store, Object handle, Object baseHandle, Shipment shipment)
      throws Shipment.Stopped, IOException {
    Path file = Files.createTempFile("emulator-backup-", ".vol");
    try (OutputStream sink = Files.newOutputStream(file)) {
      write(store, handle, baseHandle, shipment, sink);
      return file;
    } catch (Shipment.Stopped | IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  private static void write(
      BlockStore store, Object handle, Object baseHandle, Shipment shipment, OutputStream sink)
      throws Shipment.Stopped {
    long size = store.sizeBytes(handle);
    long baseSize = baseHandle == null ? 0 : store.sizeBytes(baseHandle);
    VolumeStream out = new VolumeStream(sink, size);
    for (long offset = 0; offset < size; offset += VolumeStream.CHUNK) {
      int length = (int) Math.min(VolumeStream.CHUNK, size - offset);
      shipment.await(length);
      byte[] data = new byte[length];
      store.read(handle, offset, data);
      byte[] base = null;
      if (baseHandle != null) {
        base = new byte[length];
        if (offset < baseSize) {
          store.read(baseHandle, offset, base);
        }
      }
      out.offer(offset, data, base);
    }
    out.finish();
  }

  /** Total bytes a shipment of these sizes moves (the pace counts them). */
  public static long bytesOf(BlockStore store, Iterable<Object> handles) {
    long total = 0;
    for (Object h : handles) {
      total += store.sizeBytes(h);
    }
    return total;
  }
}
