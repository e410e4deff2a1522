package io.linstorcsi.emulator;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Every REST call the emulator received, oldest first, for tests that assert how many calls an
 * operation made. Calls to the {@code /emulator/...} control API are not recorded.
 */
public final class RequestLog {
  private final List<RequestRecord> entries = new CopyOnWriteArrayList<>();

  void add(RequestRecord entry) {
    entries.add(entry);
  }

  public int count() {
    return entries.size();
  }

  /**
   * Calls with this method (case-insensitive) and route template, e.g. ("POST",
   * "/v1/resource-definitions").
   */
  public int count(String method, String template) {
    return (int)
        entries.stream()
            .filter(e -> e.method().equalsIgnoreCase(method) && template.equals(e.template()))
            .count();
  }

  /** Calls with this method. */
  public int count(String method) {
    return (int) entries.stream().filter(e -> e.method().equalsIgnoreCase(method)).count();
  }

  public int countMatching(Predicate<RequestRecord> filter) {
    return (int) entries.stream().filter(filter).count();
  }

  /** A snapshot of the log. */
  public List<RequestRecord> entries() {
    return List.copyOf(entries);
  }

  public Optional<RequestRecord> last() {
    return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1));
  }

  public void reset() {
    entries.clear();
  }
}
