package io.linstorcsi.emulator.block;

import java.util.OptionalLong;

/**
 * No devices: handles hold the data in memory (sparse) and device paths are invented by the caller.
 * Data reaches a volume only through {@link #write} (the control API, a restore).
 */
public final class EmulatedBlockStore implements BlockStore {

  @Override
  public boolean real() {
    return false;
  }

  @Override
  public Object create(String resource, int volume, long sizeKib) {
    return new MemoryData(resource + "/" + volume, sizeKib * 1024);
  }

  @Override
  public Object copyOf(Object source, String resource, int volume, long sizeKib) {
    return ((MemoryData) source).copy(resource + "/" + volume, sizeKib * 1024);
  }

  @Override
  public String attach(Object volumeHandle, String node) {
    return null;
  }

  @Override
  public void detach(Object volumeHandle, String node) {}

  @Override
  public void resize(Object volumeHandle, long sizeKib) {
    ((MemoryData) volumeHandle).resize(sizeKib * 1024);
  }

  @Override
  public void delete(Object volumeHandle) {}

  @Override
  public Object snapshot(Object volumeHandle, String resource, String snapshot, int volume) {
    MemoryData data = (MemoryData) volumeHandle;
    return data.copy(resource + "@" + snapshot + "/" + volume, data.sizeBytes());
  }

  @Override
  public void deleteSnapshot(Object snapshotHandle) {}

  @Override
  public long sizeBytes(Object handle) {
    return ((MemoryData) handle).sizeBytes();
  }

  @Override
  public void read(Object handle, long offset, byte[] into) {
    ((MemoryData) handle).read(offset, into);
  }

  @Override
  public void write(Object handle, long offset, byte[] data) {
    ((MemoryData) handle).write(offset, data);
  }

  @Override
  public Object emptySnapshot(String resource, String snapshot, int volume, long sizeKib) {
    return new MemoryData(resource + "@" + snapshot + "/" + volume, sizeKib * 1024);
  }

  @Override
  public OptionalLong allocatedKib(Object volumeHandle) {
    return OptionalLong.empty();
  }

  @Override
  public boolean inUse(Object volumeHandle, String node) {
    return false;
  }

  @Override
  public void close() {}
}
