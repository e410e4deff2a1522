package io.linstorcsi.node.drbd;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One line of {@code drbdsetup events2}: {@code [timestamp] action object key:value...}, e.g.
 * {@code change peer-device name:r0 peer-node-id:1 conn-name:beta volume:0 replication:Off}. Values
 * may contain colons ({@code local:ipv4:10.0.0.1:7789}), so a field splits at its first colon only.
 * A change line carries only the fields that changed.
 */
public record Events2Event(String action, String object, Map<String, String> fields) {
  /** The action of drbd-utils' "- skipped N" line: events were lost, the state is unreliable. */
  public static final String SKIPPED = "skipped";

  private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\S+");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  public Events2Event {
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** Parses a line; empty for blank lines. Never fails: unknown shapes keep what can be read. */
  public static Optional<Events2Event> parse(String line) {
    String text = line.strip();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String[] tokens = SPACES.split(text);
    int i = 0;
    if (TIMESTAMP.matcher(tokens[0]).matches()) {
      i++;
    }
    if (i >= tokens.length) {
      return Optional.empty();
    }
    if (tokens[i].equals("-")) {
      return Optional.of(new Events2Event(SKIPPED, "-", Map.of()));
    }
    String action = tokens[i++];
    String object = i < tokens.length ? tokens[i++] : "-";
    Map<String, String> fields = new LinkedHashMap<>();
    for (; i < tokens.length; i++) {
      int colon = tokens[i].indexOf(':');
      if (colon > 0) {
        fields.put(tokens[i].substring(0, colon), tokens[i].substring(colon + 1));
      }
    }
    return Optional.of(new Events2Event(action, object, fields));
  }

  /** The first present field among {@code names} (for spellings that differ between versions). */
  public String field(String... names) {
    for (String name : names) {
      String value = fields.get(name);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /** The end of the initial "exists" dump ({@code exists -}). */
  public boolean endOfInitialState() {
    return "exists".equals(action) && "-".equals(object);
  }
}
