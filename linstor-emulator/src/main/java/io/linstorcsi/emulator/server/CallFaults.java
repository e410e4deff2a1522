package io.linstorcsi.emulator.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults applied to REST calls before they reach a handler: the next N matching calls fail with
 * HTTP 500 or hang without an answer, and every call may be delayed.
 */
public final class CallFaults {

  /** What a matching call suffers. */
  public enum Kind {
    FAIL,
    HANG
  }

  /** A pending fault; {@code method} and {@code pathPattern} null match every call. */
  public record Rule(
      Kind kind, AtomicInteger remaining, String method, String pathPattern, Duration duration) {

    boolean matches(String callMethod, String path, String template) {
      if (method != null && !method.equalsIgnoreCase(callMethod)) {
        return false;
      }
      if (pathPattern == null) {
        return true;
      }
      return pathPattern.equals(template) || glob(pathPattern, path);
    }
  }

  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private volatile Duration latency = Duration.ZERO;

  public void add(Kind kind, int count, String method, String pathPattern, Duration duration) {
    if (count <= 0) {
      throw new IllegalArgumentException("count must be positive, got " + count);
    }
    rules.add(new Rule(kind, new AtomicInteger(count), method, pathPattern, duration));
  }

  public void setLatency(Duration value) {
    latency = value == null ? Duration.ZERO : value;
  }

  public Duration latency() {
    return latency;
  }

  public void clear() {
    rules.clear();
    latency = Duration.ZERO;
  }

  /** Takes one unit of the first matching rule, or null when no fault applies to this call. */
  public Rule take(String method, String path, String template) {
    for (Rule rule : rules) {
      if (rule.matches(method, path, template)) {
        int left = rule.remaining().decrementAndGet();
        if (left <= 0) {
          rules.remove(rule);
        }
        if (left >= 0) {
          return rule;
        }
      }
    }
    return null;
  }

  /** '*' stands for one path segment (or part of it), '**' for any rest of the path. */
  static boolean glob(String pattern, String path) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*') {
        if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
          regex.append(".*");
          i++;
        } else {
          regex.append("[^/]*");
        }
      } else if ("\\.[]{}()+-?^$|".indexOf(c) >= 0) {
        regex.append('\\').append(c);
      } else {
        regex.append(c);
      }
    }
    return path.matches(regex.toString());
  }
}
