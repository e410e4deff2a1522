package io.linstorcsi.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The chart rendered by Helm itself (helm-java embeds the Helm library; no binary, no cluster). */
final class Chart {
  static final String RELEASE = "linstor-csi";
  static final String NAMESPACE = "kube-system";
  // helm-java's template assumes Kubernetes 1.20 unless told; the default sidecars need 1.34
  static final String KUBE_VERSION = "v1.34.0";

  private final Path dir;
  private String namespace = NAMESPACE;
  private String kubeVersion = KUBE_VERSION;
  private Path valuesFile;
  private final Map<String, Object> sets = new LinkedHashMap<>();

  private Chart(Path dir) {
    this.dir = dir;
  }

  static Chart of(Path dir) {
    return new Chart(dir);
  }

  static Chart project() {
    return of(Project.chart());
  }

  Chart namespace(String value) {
    this.namespace = value;
    return this;
  }

  Chart valuesFile(Path file) {
    this.valuesFile = file;
    return this;
  }

  /** Like {@code helm template --kube-version}: the cluster version the chart is rendered for. */
  Chart kubeVersion(String value) {
    this.kubeVersion = value;
    return this;
  }

  /** Like {@code helm template --set key=value}. */
  Chart set(String key, Object value) {
    sets.put(key, value);
    return this;
  }

  /** {@code helm template RELEASE CHART --namespace NS [-f FILE] [--set ...]}. */
  String renderYaml() {
    TemplateCommand template =
        new Helm(dir)
            .template()
            .withName(RELEASE)
            .withNamespace(namespace)
            .withKubeVersion(kubeVersion);
    if (valuesFile != null) {
      template = template.withValuesFile(valuesFile);
    }
    for (Map.Entry<String, Object> set : sets.entrySet()) {
      template = template.set(set.getKey(), set.getValue());
    }
    return template.call();
  }

  List<HasMetadata> render() {
    return Manifests.parse(renderYaml(), "helm template " + dir.getFileName() + " " + sets);
  }

  /** {@code helm lint --strict} of the chart directory (its own values.yaml). */
  LintResult lintStrict() {
    return new Helm(dir).lint().strict().call();
  }
}
