package io.linstorcsi.e2e;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * The Kubernetes API server the controller reads claims from: fabric8's CRUD mock server on
 * loopback (no real API server can run here), holding the PVCs a test labels.
 */
final class KubeApi {
  static final String GROUP_LABEL = "linstor.csi.linbit.com/consistency-group";

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private KubeApi(KubernetesMockServer server) {
    this.server = server;
    this.client = server.createClient();
  }

  static KubeApi start() {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    return new KubeApi(server);
  }

  /**
   * The controller process's environment: fabric8 reads the API server's URL from it, and neither a
   * kubeconfig of this host nor a service account may redirect it.
   */
  Map<String, String> env() {
    return Map.of(
        "KUBERNETES_MASTER",
        server.url("/"),
        "KUBERNETES_AUTH_TRYKUBECONFIG",
        "false",
        "KUBERNETES_AUTH_TRYSERVICEACCOUNT",
        "false",
        "KUBERNETES_NAMESPACE",
        Provisioner.DEFAULT_NAMESPACE);
  }

  /**
   * The PVC of {@code claim} in the provisioner's namespace, labelled with {@code group} unless
   * that is null.
   */
  void createClaim(Claim claim, String group) {
    var metadata =
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withNamespace(Provisioner.DEFAULT_NAMESPACE)
            .withName(claim.claimName());
    if (group != null) {
      metadata = metadata.addToLabels(GROUP_LABEL, group);
    }
    client
        .persistentVolumeClaims()
        .inNamespace(Provisioner.DEFAULT_NAMESPACE)
        .resource(metadata.endMetadata().build())
        .create();
  }
}
