package io.linstorcsi.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strict checks of parsed objects: the kind must have a typed model, and no field may be unknown.
 *
 * <p>fabric8 keeps every JSON field it has no property for in the model's {@code
 * additionalProperties}; a non-empty one anywhere in the tree is a misspelt or misplaced field that
 * the API server would drop (or reject with strict validation).
 */
final class ModelCheck {
  private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

  /**
   * Kinds without a fabric8 model on the test class path (the snapshot API is a CRD), with the
   * fields each level may have.
   */
  private static final Map<String, Map<String, Set<String>>> CRD_FIELDS =
      Map.of(
          "VolumeSnapshotClass",
          Map.of(
              "",
              Set.of("apiVersion", "kind", "metadata", "driver", "deletionPolicy", "parameters")),
          "VolumeSnapshot",
          Map.of(
              "",
              Set.of("apiVersion", "kind", "metadata", "spec"),
              "spec",
              Set.of("volumeSnapshotClassName", "source"),
              "spec.source",
              Set.of("persistentVolumeClaimName", "volumeSnapshotContentName")));

  private ModelCheck() {}

  /** Problems of one object: an untyped kind, or unknown fields with their paths. */
  static List<String> problems(HasMetadata object) {
    List<String> out = new ArrayList<>();
    String where = Manifests.describe(object);
    if (object instanceof GenericKubernetesResource generic) {
      Map<String, Set<String>> allowed = CRD_FIELDS.get(object.getKind());
      if (allowed == null) {
        out.add(where + ": no typed model for " + object.getApiVersion() + " " + object.getKind());
        return out;
      }
      checkCrd(generic, allowed, where, out);
      return out;
    }
    if (!object.getClass().getSimpleName().equals(object.getKind())) {
      out.add(where + ": parsed as " + object.getClass().getName());
    }
    walk(object, where, out, new IdentityHashMap<>());
    return out;
  }

  static List<String> problems(Collection<HasMetadata> objects) {
    return objects.stream().flatMap(o -> problems(o).stream()).toList();
  }

  private static void checkCrd(
      GenericKubernetesResource generic,
      Map<String, Set<String>> allowed,
      String where,
      List<String> out) {
    Map<String, Object> fields = new java.util.LinkedHashMap<>(generic.getAdditionalProperties());
    fields.put("apiVersion", generic.getApiVersion());
    fields.put("kind", generic.getKind());
    fields.put("metadata", generic.getMetadata());
    checkLevel(fields, "", allowed, where, out);
    ObjectMeta meta = generic.getMetadata();
    walk(meta, where + " metadata", out, new IdentityHashMap<>());
  }

  @SuppressWarnings("unchecked")
  private static void checkLevel(
      Map<String, Object> fields,
      String path,
      Map<String, Set<String>> allowed,
      String where,
      List<String> out) {
    Set<String> known = allowed.get(path);
    for (Map.Entry<String, Object> field : fields.entrySet()) {
      String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
      if (!known.contains(field.getKey())) {
        out.add(where + ": unknown field " + child);
      } else if (allowed.containsKey(child) && field.getValue() instanceof Map<?, ?> nested) {
        checkLevel((Map<String, Object>) nested, child, allowed, where, out);
      }
    }
  }

  private static void walk(
      Object value, String path, List<String> out, IdentityHashMap<Object, Boolean> seen) {
    if (value == null || seen.put(value, Boolean.TRUE) != null) {
      return;
    }
    if (value instanceof Collection<?> list) {
      int i = 0;
      for (Object element : list) {
        walk(element, path + "[" + i++ + "]", out, seen);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        walk(entry.getValue(), path + "[" + entry.getKey() + "]", out, seen);
      }
      return;
    }
    if (!value.getClass().getPackageName().startsWith(MODEL_PACKAGE)) {
      return;
    }
    for (Class<?> type = value.getClass();
        type != null && type.getPackageName().startsWith(MODEL_PACKAGE);
        type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        field.setAccessible(true);
        Object child;
        try {
          child = field.get(value);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
        if (field.getName().equals("additionalProperties")) {
          if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
            out.add(path + ": unknown field(s) " + extra.keySet());
          }
        } else {
          walk(child, path + "." + field.getName(), out, seen);
        }
      }
    }
  }
}
