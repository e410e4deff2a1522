package io.linstorcsi.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kubernetes versions the chart installs on, as {@code helm template --kube-version} sees them:
 * its objects need 1.20 (CSIDriver storage.k8s.io/v1 with fsGroupPolicy, seccompProfile in the
 * security contexts), and the default sidecar images need newer clusters, which the chart checks so
 * that an install fails with the value to change instead of a crashing sidecar.
 */
class ChartKubeVersionTest {
  // The sidecar tags the README names for older clusters.
  static final String PROVISIONER_BEFORE_1_34 = "v5.3.0";
  static final String SNAPSHOTTER_BEFORE_1_25 = "v6.3.0";

  @ParameterizedTest
  @CsvSource({
    "v1.20.0, v5.3.0, v6.3.0",
    "v1.24.17, v5.3.0, v6.3.0",
    "v1.25.0, v5.3.0, ",
    "v1.27.16, v5.3.0, ",
    "v1.30.0, v5.3.0, ",
    "v1.33.5, v5.3.0, ",
    "v1.34.0, , ",
    "v1.35.0, , "
  })
  void template_rendersEveryObject_fromTheMinimumOn(
      String kube, String provisionerTag, String snapshotterTag) {
    Chart chart = Chart.project().kubeVersion(kube);
    if (provisionerTag != null) {
      chart.set("sidecars.provisioner.image.tag", provisionerTag);
    }
    if (snapshotterTag != null) {
      chart.set("sidecars.snapshotter.image.tag", snapshotterTag);
    }

    List<HasMetadata> objects = chart.render();

    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .contains("CSIDriver", "Deployment", "DaemonSet", "ClusterRole", "ServiceAccount");
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1.19.16", "v1.18.0"})
  void template_belowTheMinimum_isRefusedByHelm(String kube) {
    assertThatThrownBy(() -> Chart.project().kubeVersion(kube).renderYaml())
        .hasMessageContaining("kubeVersion");
  }

  @Test
  void defaultProvisioner_onAClusterBefore134_isRefusedNamingTheValueToSet() {
    assertThatThrownBy(() -> Chart.project().kubeVersion("v1.30.0").renderYaml())
        .hasMessageContaining("sidecars.provisioner.image.tag")
        .hasMessageContaining("1.34")
        .hasMessageContaining(PROVISIONER_BEFORE_1_34);
  }

  @Test
  void defaultSnapshotter_onAClusterBefore125_isRefusedNamingTheValueToSet() {
    assertThatThrownBy(
            () ->
                Chart.project()
                    .kubeVersion("v1.24.0")
                    .set("sidecars.provisioner.image.tag", PROVISIONER_BEFORE_1_34)
                    .renderYaml())
        .hasMessageContaining("sidecars.snapshotter.image.tag")
        .hasMessageContaining("1.25")
        .hasMessageContaining(SNAPSHOTTER_BEFORE_1_25);
  }

  @Test
  void chartMinimum_isTheOneTheReadmesAndTheKubernetesGuideState() throws IOException {
    String chartYaml = Files.readString(Project.chart().resolve("Chart.yaml"));
    Matcher m = Pattern.compile("(?m)^kubeVersion: \">=(\\d+\\.\\d+)\\.0-0\"$").matcher(chartYaml);
    assertThat(m.find()).as("kubeVersion in Chart.yaml").isTrue();
    String minimum = m.group(1);

    assertThat(minimum).isEqualTo("1.20");
    for (var doc :
        List.of(
            Project.root().resolve("README.md"),
            Project.root().resolve("docs/kubernetes.md"),
            Project.chart().resolve("README.md"))) {
      String text = Files.readString(doc).replace("**", "");
      assertThat(text)
          .as(doc.toString())
          .contains("Kubernetes " + minimum + " or newer")
          .contains(PROVISIONER_BEFORE_1_34)
          .contains(SNAPSHOTTER_BEFORE_1_25)
          .doesNotContain("1.27+", "1.27 or newer", "1.30 or newer");
    }
  }
}
