package io.linstorcsi.emulator.state;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** One volume of a resource on one node. */
public final class Volume {
  private final int number;
  private final StoragePool pool;
  private final UUID uuid = UUID.randomUUID();
  private final Map<String, String> props = new TreeMap<>();

  /** The node's block device for the volume once the satellite has created it. */
  private String devicePath;

  /** Allocated KiB for emulated (file-less) thin volumes; grows by {@code Faults.writeData}. */
  private long writtenKib;

  public Volume(int number, StoragePool pool) {
    this.number = number;
    this.pool = pool;
  }

  public int number() {
    return number;
  }

  public StoragePool pool() {
    return pool;
  }

  public UUID uuid() {
    return uuid;
  }

  public Map<String, String> props() {
    return props;
  }

  public String devicePath() {
    return devicePath;
  }

  public void setDevicePath(String value) {
    devicePath = value;
  }

  public long writtenKib() {
    return writtenKib;
  }

  public void setWrittenKib(long value) {
    writtenKib = value;
  }
}
