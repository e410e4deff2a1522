package io.linstorcsi.linstor.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Defensive copies for record components; null reads as empty, order is kept. */
final class Copies {
  private Copies() {}

  static <T> List<T> list(List<T> in) {
    if (in == null || in.isEmpty()) {
      return List.of();
    }
    // List.copyOf refuses null elements; a JSON array may hold null, so copy through ArrayList.
    return Collections.unmodifiableList(new ArrayList<>(in));
  }

  static <K, V> Map<K, V> map(Map<K, V> in) {
    if (in == null || in.isEmpty()) {
      return Map.of();
    }
    // Keep LINSTOR's order and allow null values (obj_refs may carry "Snapshot": null).
    return Collections.unmodifiableMap(new LinkedHashMap<>(in));
  }
}
