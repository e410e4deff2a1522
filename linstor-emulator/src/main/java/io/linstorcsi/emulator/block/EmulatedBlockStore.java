package io.linstorcsi.emulator.block;

import java.util.OptionalLong;

/** No data at all: handles are markers and device paths are invented by the caller. */
public final class EmulatedBlockStore implements BlockStore {
  private record Marker(String resource, int volume) {}

  @Override
  public boolean real() {
    return false;
  }

  @Override
  public Object create(String resource, int volume, long sizeKib) {
    return new Marker(resource, volume);
  }

  @Override
  public Object copyOf(Object source, String resource, int volume, long sizeKib) {
    return new Marker(resource, volume);
  }

  @Override
  public String attach(Object volumeHandle, String node) {
    return null;
  }

  @Override
  public void detach(Object volumeHandle, String node) {}

  @Override
  public void resize(Object volumeHandle, long sizeKib) {}

  @Override
  public void delete(Object volumeHandle) {}

  @Override
  public Object snapshot(Object volumeHandle, String resource, String snapshot, int volume) {
    return new Marker(resource + "@" + snapshot, volume);
  }

  @Override
  public void deleteSnapshot(Object snapshotHandle) {}

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
