package io.linstorcsi.linstor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One REST call before it is bound to a controller: an operation name for metrics and logs, the
 * HTTP method, the path below {@code /v1/} as raw segments (encoded when the URL is built),
 * repeated query parameters and the body to encode as JSON.
 */
record ApiRequest(
    String operation,
    String method,
    List<String> path,
    List<Map.Entry<String, String>> query,
    Object body) {

  ApiRequest {
    path = List.copyOf(path);
    query = List.copyOf(query);
  }

  static ApiRequest get(String operation, String... path) {
    return new ApiRequest(operation, "GET", List.of(path), List.of(), null);
  }

  static ApiRequest post(String operation, Object body, String... path) {
    return new ApiRequest(operation, "POST", List.of(path), List.of(), body);
  }

  static ApiRequest put(String operation, Object body, String... path) {
    return new ApiRequest(operation, "PUT", List.of(path), List.of(), body);
  }

  static ApiRequest delete(String operation, String... path) {
    return new ApiRequest(operation, "DELETE", List.of(path), List.of(), null);
  }

  static ApiRequest options(String operation, Object body, String... path) {
    return new ApiRequest(operation, "OPTIONS", List.of(path), List.of(), body);
  }

  /** This request with {@code name=value} added once per value. */
  ApiRequest query(String name, List<String> values) {
    if (values.isEmpty()) {
      return this;
    }
    List<Map.Entry<String, String>> more = new ArrayList<>(query);
    for (String value : values) {
      more.add(Map.entry(name, value));
    }
    return new ApiRequest(operation, method, path, more, body);
  }

  ApiRequest query(String name, Object value) {
    return value == null ? this : query(name, List.of(String.valueOf(value)));
  }

  /** {@code METHOD /v1/a/b}, for messages. */
  String describe() {
    return method + " /v1/" + String.join("/", path);
  }
}
