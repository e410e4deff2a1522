package io.linstorcsi.emulator.block;

import java.util.OptionalLong;

/**
 * Backing of volume data. A handle stands for one volume's data (shared by all replicas) or for one
 * snapshot copy of it; nodes attach to a volume handle to get their device.
 */
public interface BlockStore extends AutoCloseable {

  /** True when device paths are real block devices. */
  boolean real();

  /** Creates the empty data of a volume. */
  Object create(String resource, int volume, long sizeKib);

  /** Creates a volume's data as a copy of a snapshot or of another volume's data. */
  Object copyOf(Object source, String resource, int volume, long sizeKib);

  /** Gives a node its device for the volume, or null when the store has no real devices. */
  String attach(Object volumeHandle, String node);

  void detach(Object volumeHandle, String node);

  void resize(Object volumeHandle, long sizeKib);

  /** Detaches every node and removes the data. */
  void delete(Object volumeHandle);

  Object snapshot(Object volumeHandle, String resource, String snapshot, int volume);

  void deleteSnapshot(Object snapshotHandle);

  /** Space the data occupies, when the store can tell. */
  OptionalLong allocatedKib(Object volumeHandle);

  /** Size in bytes of a volume's or a snapshot's data. */
  long sizeBytes(Object handle);

  /**
   * Fills {@code into} with the data at {@code offset} of a volume or snapshot; data never written
   * reads as zeros. Backups read snapshots through this.
   */
  void read(Object handle, long offset, byte[] into);

  /**
   * Writes {@code data} at {@code offset} of a volume or snapshot (restores write through this).
   */
  void write(Object handle, long offset, byte[] data);

  /** An all-zero snapshot copy of this size that a restore fills with {@link #write}. */
  Object emptySnapshot(String resource, String snapshot, int volume, long sizeKib);

  /** Whether the node's device is open for a mount or a device mapper (DRBD's "in use"). */
  boolean inUse(Object volumeHandle, String node);

  @Override
  void close();
}
