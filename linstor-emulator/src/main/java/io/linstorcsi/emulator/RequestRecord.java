package io.linstorcsi.emulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One REST call the emulator received.
 *
 * @param template the matched route, e.g. {@code /v1/resource-definitions/{resource}/resources};
 *     null when no route matched
 * @param status the HTTP status answered; 0 when an injected hang dropped the call unanswered
 */
public record RequestRecord(
    String method,
    String path,
    Map<String, List<String>> query,
    String template,
    int status,
    Instant startedAt,
    long durationMillis) {

  /** True for calls that may change the cluster (everything but GET, HEAD and OPTIONS). */
  public boolean write() {
    return !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
  }
}
