package io.linstorcsi.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Compares a recorded response with the emulator's: the same JSON shape (field names, value types,
 * list lengths), the same values for fields that identify objects or states (names, types, flags,
 * connection status...), and for ApiCallRc lists the same set of {@code ret_code} classes with the
 * same fields. Ids, uuids, timestamps, sizes and messages may differ.
 */
final class ShapeMatch {
  /** Fields whose values must be equal, not only of the same type. */
  private static final Set<String> VALUE_FIELDS =
      Set.of(
          "name",
          "node_name",
          "resource_name",
          "storage_pool_name",
          "resource_group_name",
          "provider_kind",
          "type",
          "connection_status",
          "flags",
          "nodes",
          "storage_pool",
          "storage_pool_list",
          "place_count",
          "layer_stack",
          "volume_number",
          "vlm_nr",
          "snapshot_name",
          "external_name",
          "disk_state",
          "status",
          "source_name",
          "clone_name",
          "location",
          "node_names",
          "all_thin",
          "supports_snapshots",
          "storage_providers",
          "resource_layers",
          "stor_pool_name",
          "in_use",
          "is_active");

  /** Maps whose keys are data (property names, node names), compared key by key too. */
  private static final Set<String> KEYED_MAPS =
      Set.of(
          "props",
          "snapshot_definition_props",
          "resource_definition_props",
          "volume_definition_props",
          "resource_props",
          "static_traits",
          "obj_refs",
          "unsupported_providers",
          "unsupported_layers");

  private final Predicate<String> ignored;
  private final List<String> differences = new ArrayList<>();

  private ShapeMatch(Predicate<String> ignored) {
    this.ignored = ignored;
  }

  /** Differences between expected and actual; paths matching {@code ignored} are skipped. */
  static List<String> compare(JsonNode expected, JsonNode actual, Predicate<String> ignored) {
    ShapeMatch m = new ShapeMatch(ignored);
    m.node("", null, expected, actual);
    return m.differences;
  }

  private void diff(String path, String what) {
    if (!ignored.test(path)) {
      differences.add(path + ": " + what);
    }
  }

  private void node(String path, String field, JsonNode e, JsonNode a) {
    if (ignored.test(path)) {
      return;
    }
    if (e == null || e.isMissingNode()) {
      return;
    }
    if (a == null || a.isMissingNode()) {
      diff(path, "missing");
      return;
    }
    if (e.getNodeType() != a.getNodeType()) {
      diff(path, "type " + e.getNodeType() + " expected, got " + a.getNodeType() + " " + trim(a));
      return;
    }
    if (e.isArray()) {
      if (isRcList(e) && isRcList(a)) {
        rcList(path, e, a);
        return;
      }
      if (field != null && VALUE_FIELDS.contains(field) && !e.equals(a)) {
        diff(path, "expected " + e + ", got " + a);
        return;
      }
      if (e.size() != a.size()) {
        diff(path, "length " + e.size() + " expected, got " + a.size());
        return;
      }
      for (int i = 0; i < e.size(); i++) {
        node(path + "/" + i, null, e.get(i), a.get(i));
      }
      return;
    }
    if (e.isObject()) {
      boolean keyed = field != null && KEYED_MAPS.contains(field);
      Set<String> ek = keys(e);
      Set<String> ak = keys(a);
      for (String k : ek) {
        if (!ak.contains(k)) {
          diff(path + "/" + k, keyed ? "key missing" : "field missing");
        }
      }
      for (String k : ak) {
        if (!ek.contains(k)) {
          diff(
              path + "/" + k,
              (keyed ? "unexpected key" : "unexpected field") + " = " + trim(a.get(k)));
        }
      }
      for (String k : ek) {
        if (ak.contains(k)) {
          node(path + "/" + k, keyed ? null : k, e.get(k), a.get(k));
        }
      }
      return;
    }
    if (e.isNumber() && e.isIntegralNumber() != a.isIntegralNumber()) {
      diff(path, "number kind differs: " + e + " vs " + a);
      return;
    }
    if (field != null && VALUE_FIELDS.contains(field) && !e.equals(a)) {
      diff(path, "expected " + e + ", got " + a);
    }
  }

  private static boolean isRcList(JsonNode n) {
    if (!n.isArray() || n.isEmpty()) {
      return false;
    }
    for (JsonNode e : n) {
      if (!e.isObject() || !e.has("ret_code")) {
        return false;
      }
    }
    return true;
  }

  /** Same set of ret_codes; per ret_code the same fields (union over its entries). */
  private void rcList(String path, JsonNode e, JsonNode a) {
    Map<Long, Set<String>> ek = rcFields(e);
    Map<Long, Set<String>> ak = rcFields(a);
    if (!ek.keySet().equals(ak.keySet())) {
      diff(
          path,
          "ret_codes "
              + describe(ek.keySet())
              + " expected, got "
              + describe(ak.keySet())
              + " "
              + messages(a));
      return;
    }
    for (Map.Entry<Long, Set<String>> entry : ek.entrySet()) {
      Set<String> actual = ak.get(entry.getKey());
      if (!entry.getValue().equals(actual)) {
        diff(
            path + "[" + entry.getKey() + "]",
            "fields " + entry.getValue() + " expected, got " + actual);
      }
    }
  }

  private static Map<Long, Set<String>> rcFields(JsonNode list) {
    Map<Long, Set<String>> out = new LinkedHashMap<>();
    for (JsonNode entry : list) {
      out.computeIfAbsent(entry.get("ret_code").asLong(), k -> new TreeSet<>()).addAll(keys(entry));
    }
    return out;
  }

  private static String describe(Set<Long> codes) {
    List<String> out = new ArrayList<>();
    for (long c : codes) {
      out.add(c + "(" + RetCodes.describe(c) + ")");
    }
    return out.toString();
  }

  private static String messages(JsonNode list) {
    List<String> out = new ArrayList<>();
    for (JsonNode entry : list) {
      out.add(entry.path("message").asText());
    }
    return out.toString();
  }

  private static Set<String> keys(JsonNode n) {
    Set<String> out = new TreeSet<>();
    Iterator<String> it = n.fieldNames();
    it.forEachRemaining(out::add);
    return out;
  }

  private static String trim(JsonNode n) {
    String s = String.valueOf(n);
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }
}
