package io.linstorcsi.emulator.server;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** One routed request: the matched template, its path parameters, the query and the raw body. */
public record Call(
    String method,
    String path,
    String template,
    Map<String, String> params,
    Map<String, List<String>> query,
    String body) {

  public String param(String name) {
    return params.get(name);
  }

  /** All values of a repeatable query parameter, empty when absent. */
  public List<String> queryAll(String name) {
    return query.getOrDefault(name, List.of());
  }

  public String queryFirst(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The body of an asynchronous endpoint: a parse error is HTTP 500. */
  public <T> T body(Class<T> type) {
    return Json.read(body, type, null);
  }

  /** The body of a synchronous endpoint: a parse error is HTTP 400 with an error report. */
  public <T> T syncBody(Class<T> type, Supplier<String> reportIds) {
    return Json.read(body, type, reportIds);
  }
}
