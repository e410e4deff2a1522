package io.linstorcsi.driver.kube;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.linstorcsi.common.CsiError;
import io.linstorcsi.controller.consistency.ConsistencyGroup;
import io.linstorcsi.controller.consistency.ConsistencyGroupLookup;
import java.util.Map;
import java.util.Optional;

/**
 * The consistency group of a claim: its {@value ConsistencyGroup#LABEL} label, read from the API
 * server for each CreateVolume (as the Go driver does, pkg/driver/driver.go
 * consistencyGroupForPVC), so a label set just before the claim was made is never missed by a stale
 * cache.
 */
public final class ClaimGroups implements ConsistencyGroupLookup, AutoCloseable {
  private final KubernetesClient client;

  private ClaimGroups(KubernetesClient client) {
    this.client = client;
  }

  /**
   * A client from the pod's service account (or a kubeconfig outside a cluster). A failing read is
   * the call's error and the provisioner retries, so the client itself retries little.
   */
  public static ClaimGroups inCluster() {
    Config config = new ConfigBuilder().build();
    config.setRequestRetryBackoffLimit(1);
    config.setConnectionTimeout(5_000);
    config.setRequestTimeout(10_000);
    return new ClaimGroups(new KubernetesClientBuilder().withConfig(config).build());
  }

  /** Over a given client, e.g. fabric8's mock API server in tests. */
  public static ClaimGroups using(KubernetesClient client) {
    return new ClaimGroups(client);
  }

  @Override
  public Optional<String> groupOf(String namespace, String claim) {
    PersistentVolumeClaim pvc;
    try {
      pvc = client.persistentVolumeClaims().inNamespace(namespace).withName(claim).get();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 401 || e.getCode() == 403) {
        throw CsiError.failedPrecondition(
            "the driver may not read claim "
                + namespace
                + "/"
                + claim
                + " (HTTP "
                + e.getCode()
                + ") to find its "
                + ConsistencyGroup.LABEL
                + " label: allow its service account to get persistentvolumeclaims, or turn"
                + " --enable-consistency-groups off");
      }
      throw CsiError.unavailable(
          "cannot read claim "
              + namespace
              + "/"
              + claim
              + " from the Kubernetes API: "
              + e.getMessage()
              + "; retry",
          e);
    }
    if (pvc == null) {
      throw CsiError.failedPrecondition(
          "claim "
              + namespace
              + "/"
              + claim
              + " does not exist in Kubernetes, so its consistency group is unknown");
    }
    Map<String, String> labels = pvc.getMetadata().getLabels();
    return Optional.ofNullable(labels == null ? null : labels.get(ConsistencyGroup.LABEL))
        .filter(group -> !group.isEmpty());
  }

  @Override
  public void close() {
    client.close();
  }
}
