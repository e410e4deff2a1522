package io.linstorcsi.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * deploy/ is the chart with its default values installed into kube-system: the same objects with
 * the same specs. Only the labels Helm adds to track its release (instance, managed-by, chart)
 * differ.
 */
class ChartMatchesDeployTest {
  private static final List<String> HELM_LABELS =
      List.of("app.kubernetes.io/instance", "app.kubernetes.io/managed-by", "helm.sh/chart");

  @Test
  void deployHasTheSameObjectsAsTheChart() {
    assertThat(normalised(Sources.deploy()).keySet())
        .isEqualTo(normalised(Sources.chartDefaults()).keySet());
  }

  @Test
  void everyObjectOfDeployEqualsTheChartsApartFromHelmLabels() {
    Map<String, String> chart = normalised(Sources.chartDefaults());
    Map<String, String> deploy = normalised(Sources.deploy());

    for (Map.Entry<String, String> object : chart.entrySet()) {
      assertThat(deploy.get(object.getKey()))
          .as("deploy/ copy of %s", object.getKey())
          .isEqualTo(object.getValue());
    }
  }

  @Test
  void helmTracksItsReleaseWithLabelsThatDeployLeavesOut() {
    assertThat(Sources.chartDefaults())
        .allSatisfy(
            o ->
                assertThat(o.getMetadata().getLabels())
                    .containsKeys(HELM_LABELS.toArray(String[]::new)));
    assertThat(Sources.deploy())
        .allSatisfy(
            o ->
                assertThat(o.getMetadata().getLabels())
                    .doesNotContainKeys(HELM_LABELS.toArray(String[]::new)));
  }

  /** Each object as YAML without Helm's release labels, keyed by kind, namespace and name. */
  private static Map<String, String> normalised(List<HasMetadata> objects) {
    Map<String, String> out = new TreeMap<>();
    for (HasMetadata object : objects) {
      HasMetadata copy = Manifests.SERIALIZATION.clone(object);
      if (copy.getMetadata().getLabels() != null) {
        HELM_LABELS.forEach(copy.getMetadata().getLabels()::remove);
      }
      out.put(Manifests.describe(copy), Manifests.SERIALIZATION.asYaml(copy));
    }
    return out;
  }
}
