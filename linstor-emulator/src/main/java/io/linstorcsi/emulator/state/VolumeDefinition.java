package io.linstorcsi.emulator.state;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/** A volume definition: size and number of one volume of a resource definition. */
public final class VolumeDefinition {
  private final int number;
  private final UUID uuid = UUID.randomUUID();
  private final Map<String, String> props = new TreeMap<>();
  private final Set<String> flags = new LinkedHashSet<>();
  private final int minor;
  private long sizeKib;

  /**
   * The block store's handle of the data every replica of this volume shares; null while
   * undeployed.
   */
  private Object backing;

  public VolumeDefinition(int number, long sizeKib, int minor) {
    this.number = number;
    this.sizeKib = sizeKib;
    this.minor = minor;
  }

  public int number() {
    return number;
  }

  public UUID uuid() {
    return uuid;
  }

  public Map<String, String> props() {
    return props;
  }

  public Set<String> flags() {
    return flags;
  }

  public int minor() {
    return minor;
  }

  public long sizeKib() {
    return sizeKib;
  }

  public void setSizeKib(long value) {
    sizeKib = value;
  }

  public Object backing() {
    return backing;
  }

  public void setBacking(Object value) {
    backing = value;
  }
}
