package io.linstorcsi.controller.placement;

import java.util.Map;
import java.util.TreeMap;

/** One CSI topology segment set, e.g. {@code {linbit.com/hostname: node-a}}. */
public record Topology(Map<String, String> segments) {
  public Topology {
    segments = java.util.Collections.unmodifiableMap(new TreeMap<>(segments));
  }

  public static Topology of(String key, String value) {
    return new Topology(Map.of(key, value));
  }
}
