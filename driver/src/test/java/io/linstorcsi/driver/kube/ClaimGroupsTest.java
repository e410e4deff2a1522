package io.linstorcsi.driver.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.grpc.Status;
import io.linstorcsi.common.CsiError;
import org.junit.jupiter.api.Test;

/** The label lookup against fabric8's mock API server, as the controller uses it. */
@EnableKubernetesMockClient(crud = true)
class ClaimGroupsTest {
  static KubernetesClient client;
  static KubernetesMockServer server;

  private static void claim(String namespace, String name, String group) {
    var builder =
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(name);
    if (group != null) {
      builder = builder.addToLabels("linstor.csi.linbit.com/consistency-group", group);
    }
    client
        .persistentVolumeClaims()
        .inNamespace(namespace)
        .resource(builder.endMetadata().build())
        .create();
  }

  @Test
  void labelledClaim_isInItsGroup() {
    claim("shop", "db-data", "db");
    assertThat(ClaimGroups.using(client).groupOf("shop", "db-data")).contains("db");
  }

  @Test
  void claimWithoutTheLabel_isInNoGroup() {
    claim("shop", "logs", null);
    assertThat(ClaimGroups.using(client).groupOf("shop", "logs")).isEmpty();
  }

  @Test
  void emptyLabel_isNoGroup() {
    claim("shop", "cache", "");
    assertThat(ClaimGroups.using(client).groupOf("shop", "cache")).isEmpty();
  }

  @Test
  void aClaimOnlyInAnotherNamespace_isFailedPreconditionNamingIt() {
    claim("other", "db-wal", "db");
    assertThatThrownBy(() -> ClaimGroups.using(client).groupOf("shop", "db-wal"))
        .isInstanceOfSatisfying(
            CsiError.class, e -> assertThat(e.code()).isEqualTo(Status.Code.FAILED_PRECONDITION))
        .hasMessageContaining("shop/db-wal");
  }

  @Test
  void forbiddenRead_isFailedPreconditionSayingWhatToGrant() {
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/secret/persistentvolumeclaims/db")
        .andReturn(403, "{\"kind\":\"Status\",\"code\":403,\"message\":\"forbidden\"}")
        .always();
    assertThatThrownBy(() -> ClaimGroups.using(client).groupOf("secret", "db"))
        .isInstanceOfSatisfying(
            CsiError.class, e -> assertThat(e.code()).isEqualTo(Status.Code.FAILED_PRECONDITION))
        .hasMessageContaining("secret/db")
        .hasMessageContaining("persistentvolumeclaims");
  }

  @Test
  void apiServerError_isUnavailable() {
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/flaky/persistentvolumeclaims/db")
        .andReturn(500, "{\"kind\":\"Status\",\"code\":500,\"message\":\"etcd timeout\"}")
        .always();
    // without the client's own retries, which only delay the answer here
    KubernetesClient once =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration())
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build();
    try (ClaimGroups groups = ClaimGroups.using(once)) {
      assertThatThrownBy(() -> groups.groupOf("flaky", "db"))
          .isInstanceOfSatisfying(
              CsiError.class, e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));
    }
  }
}
