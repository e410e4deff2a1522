package io.linstorcsi.controller.params;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A JSON object writer that reproduces Go's {@code encoding/json} output byte for byte for the
 * shapes we need (fields in declaration order, omitted when empty, map keys sorted, HTML-safe
 * escaping). The Go driver hashes such JSON to name resource groups; matching it keeps the names.
 */
final class GoJson {
  private final List<String> fields = new ArrayList<>();

  GoJson string(String name, String value) {
    if (value != null && !value.isEmpty()) {
      fields.add(quote(name) + ":" + quote(value));
    }
    return this;
  }

  GoJson number(String name, long value) {
    if (value != 0) {
      fields.add(quote(name) + ":" + value);
    }
    return this;
  }

  GoJson bool(String name, boolean value) {
    if (value) {
      fields.add(quote(name) + ":true");
    }
    return this;
  }

  GoJson strings(String name, List<String> values) {
    if (values != null && !values.isEmpty()) {
      List<String> quoted = values.stream().map(GoJson::quote).toList();
      fields.add(quote(name) + ":[" + String.join(",", quoted) + "]");
    }
    return this;
  }

  GoJson stringMap(String name, Map<String, String> values) {
    if (values != null && !values.isEmpty()) {
      List<String> entries = new ArrayList<>();
      new TreeMap<>(values).forEach((k, v) -> entries.add(quote(k) + ":" + quote(v)));
      fields.add(quote(name) + ":{" + String.join(",", entries) + "}");
    }
    return this;
  }

  GoJson intMap(String name, Map<String, Integer> values) {
    if (values != null && !values.isEmpty()) {
      List<String> entries = new ArrayList<>();
      new TreeMap<>(values).forEach((k, v) -> entries.add(quote(k) + ":" + v));
      fields.add(quote(name) + ":{" + String.join(",", entries) + "}");
    }
    return this;
  }

  /** A nested struct: Go never omits a struct-typed field, even an empty one. */
  GoJson object(String name, GoJson value) {
    fields.add(quote(name) + ":" + value);
    return this;
  }

  @Override
  public String toString() {
    return "{" + String.join(",", fields) + "}";
  }

  static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else if (Character.isSurrogate(c)
              && !(Character.isHighSurrogate(c)
                  && i + 1 < s.length()
                  && Character.isLowSurrogate(s.charAt(i + 1)))
              && !(Character.isLowSurrogate(c)
                  && i > 0
                  && Character.isHighSurrogate(s.charAt(i - 1)))) {
            // Go replaces invalid UTF-8 with U+FFFD; a lone surrogate is Java's equivalent.
            out.append('\ufffd');
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
