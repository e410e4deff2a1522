package io.linstorcsi.controller.params;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * From where a volume may be used without a local replica. Each rule allows access from nodes that
 * share the values of the listed topology keys with a replica; a rule with no keys allows access
 * from anywhere. {@code true} is one empty rule, {@code false} is {@code fromSame: [hostname]}.
 */
public record RemoteAccessPolicy(List<Rule> rules) {

  /** One {@code - fromSame: [keys]} entry. */
  public record Rule(List<String> fromSame) {
    public Rule {
      fromSame = fromSame == null ? List.of() : List.copyOf(fromSame);
    }
  }

  private static final ObjectMapper YAML =
      YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  public static final RemoteAccessPolicy ANYWHERE = new RemoteAccessPolicy(List.of(new Rule(null)));
  public static final RemoteAccessPolicy LOCAL_ONLY =
      new RemoteAccessPolicy(List.of(new Rule(List.of(TopologyKeys.HOSTNAME))));

  public RemoteAccessPolicy {
    rules = List.copyOf(rules);
  }

  /**
   * Reads {@code true}/{@code false} (Go boolean spellings) or a YAML list of {@code fromSame}
   * rules; empty when the text is neither.
   */
  public static Optional<RemoteAccessPolicy> parse(String text) {
    Optional<Boolean> flag = GoBool.parse(text);
    if (flag.isPresent()) {
      return Optional.of(flag.get() ? ANYWHERE : LOCAL_ONLY);
    }
    try {
      List<RawRule> raw = YAML.readValue(text, new TypeReference<List<RawRule>>() {});
      if (raw == null) {
        return Optional.empty();
      }
      List<Rule> rules = new ArrayList<>();
      for (RawRule r : raw) {
        if (r == null) {
          return Optional.empty();
        }
        rules.add(new Rule(r.fromSame));
      }
      return Optional.of(new RemoteAccessPolicy(rules));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** Jackson target for one YAML rule. */
  static final class RawRule {
    public List<String> fromSame;
  }

  /** True when some rule allows access from every node. */
  public boolean allowsAnywhere() {
    return rules.stream().anyMatch(r -> r.fromSame().isEmpty());
  }

  /** True when nothing but a local replica gives access. */
  public boolean isLocalOnly() {
    return accessibleSegments(Map.of(TopologyKeys.HOSTNAME, "x"))
        .equals(List.of(Map.of(TopologyKeys.HOSTNAME, "x")));
  }

  /**
   * The topology patterns from which a replica with {@code segments} can be reached: per rule, the
   * replica's values of the rule's keys; pruned so no pattern is a stricter copy of another. An
   * empty pattern means "from anywhere".
   */
  public List<Map<String, String>> accessibleSegments(Map<String, String> segments) {
    List<Map<String, String>> result = new ArrayList<>();
    for (Rule rule : rules) {
      Map<String, String> m = new LinkedHashMap<>();
      for (String key : rule.fromSame()) {
        String value = segments.get(key);
        if (value != null) {
          m.put(key, value);
        }
      }
      result.add(m);
    }
    return prune(result);
  }

  /** Drops duplicates and patterns already covered by a broader (subset) pattern. */
  public static List<Map<String, String>> prune(List<Map<String, String>> patterns) {
    List<Map<String, String>> sorted = new ArrayList<>(patterns);
    sorted.sort(Comparator.comparingInt(Map::size));
    List<Map<String, String>> result = new ArrayList<>();
    outer:
    for (Map<String, String> candidate : sorted) {
      for (Map<String, String> kept : result) {
        if (candidate.entrySet().containsAll(kept.entrySet())) {
          continue outer;
        }
      }
      result.add(Map.copyOf(candidate));
    }
    return result;
  }

  /**
   * The text form for the volume context: {@code true}, {@code false}, or the rules as flow YAML
   * (which is also JSON), readable by both drivers.
   */
  public String toWire() {
    if (equals(ANYWHERE)) {
      return "true";
    }
    if (equals(LOCAL_ONLY)) {
      return "false";
    }
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < rules.size(); i++) {
      if (i > 0) {
        out.append(",");
      }
      out.append("{\"fromSame\":[");
      List<String> keys = rules.get(i).fromSame();
      for (int k = 0; k < keys.size(); k++) {
        if (k > 0) {
          out.append(",");
        }
        out.append(GoJson.quote(keys.get(k)));
      }
      out.append("]}");
    }
    return out.append("]").toString();
  }
}
