package io.linstorcsi.driver.status;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adds the Kubernetes workload to the findings about resources, through {@link KubernetesUsers}
 * with a client built from one kubeconfig file. Kubernetes is optional for this command: when it
 * cannot be read, the findings stay as they are and a note says why.
 */
final class KubernetesLookup implements AutoCloseable {
  private final KubernetesClient client;

  private KubernetesLookup(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The kubeconfig to use: the option when given, else the first file of {@code KUBECONFIG} (a path
   * list like kubectl's); null when neither is set.
   */
  static Path kubeconfig(String option, Map<String, String> env) {
    if (option != null && !option.isBlank()) {
      return Path.of(option);
    }
    String fromEnv = env.get("KUBECONFIG");
    if (fromEnv == null || fromEnv.isBlank()) {
      return null;
    }
    for (String part : fromEnv.split(File.pathSeparator)) {
      if (!part.isBlank()) {
        return Path.of(part);
      }
    }
    return null;
  }

  /** A client for the cluster and context the file names; fails fast instead of retrying. */
  static KubernetesLookup open(Path kubeconfig) throws IOException {
    if (!Files.isReadable(kubeconfig)) {
      throw new IOException("kubeconfig " + kubeconfig + " does not exist or is not readable");
    }
    Config config = Config.fromKubeconfig(null, kubeconfig.toFile());
    config.setRequestRetryBackoffLimit(0);
    config.setConnectionTimeout(5_000);
    config.setRequestTimeout(10_000);
    return new KubernetesLookup(new KubernetesClientBuilder().withConfig(config).build());
  }

  /** Package-private for tests that hand in the mock server's client. */
  static KubernetesLookup using(KubernetesClient client) {
    return new KubernetesLookup(client);
  }

  /** The findings with the workload of their resource filled in where Kubernetes knows one. */
  List<Finding> attach(List<Finding> findings) {
    Set<String> resources =
        findings.stream()
            .map(Finding::resource)
            .filter(r -> r != null)
            .collect(java.util.stream.Collectors.toSet());
    Map<String, KubernetesUsers.Workload> users = new KubernetesUsers(client).usersOf(resources);
    List<Finding> out = new ArrayList<>();
    for (Finding f : findings) {
      KubernetesUsers.Workload w = f.resource() == null ? null : users.get(f.resource());
      out.add(w == null ? f : f.withWorkload(w));
    }
    return out;
  }

  @Override
  public void close() {
    client.close();
  }
}
