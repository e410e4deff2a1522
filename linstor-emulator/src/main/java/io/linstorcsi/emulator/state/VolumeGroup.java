package io.linstorcsi.emulator.state;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/** A volume group of a resource group. */
public final class VolumeGroup {
  private final int number;
  private final UUID uuid = UUID.randomUUID();
  private final Map<String, String> props = new TreeMap<>();
  private final Set<String> flags = new LinkedHashSet<>();

  public VolumeGroup(int number) {
    this.number = number;
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
}
