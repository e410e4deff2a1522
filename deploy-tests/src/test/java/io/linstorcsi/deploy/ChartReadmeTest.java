package io.linstorcsi.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's values table documents every value of values.yaml, and nothing else. */
class ChartReadmeTest {
  /** Values documented as a whole (their content is Kubernetes API or free-form). */
  private static final Set<String> WHOLE =
      Set.of("resources", "nodeSelector", "tolerations", "affinity", "podAnnotations");

  private static final Pattern TABLE_KEY = Pattern.compile("(?m)^\\| `([A-Za-z0-9.]+)` \\|");

  @Test
  @SuppressWarnings("unchecked")
  void valuesTable_listsExactlyTheValues() throws IOException {
    Map<String, Object> values =
        Manifests.SERIALIZATION.unmarshal(
            Files.readString(Project.chart().resolve("values.yaml")), Map.class);
    Set<String> expected = new TreeSet<>();
    collect(values, "", expected);

    Set<String> documented = new TreeSet<>();
    Matcher m = TABLE_KEY.matcher(Files.readString(Project.chart().resolve("README.md")));
    while (m.find()) {
      documented.add(m.group(1));
    }

    assertThat(documented).isEqualTo(expected);
  }

  @SuppressWarnings("unchecked")
  private static void collect(Map<String, Object> map, String prefix, Set<String> out) {
    for (Map.Entry<String, Object> entry : map.entrySet()) {
      String key = prefix + entry.getKey();
      if (entry.getValue() instanceof Map<?, ?> nested
          && !nested.isEmpty()
          && !WHOLE.contains(entry.getKey())) {
        collect((Map<String, Object>) nested, key + ".", out);
      } else {
        out.add(key);
      }
    }
  }
}
