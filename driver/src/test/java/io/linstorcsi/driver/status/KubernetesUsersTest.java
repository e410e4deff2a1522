package io.linstorcsi.driver.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubernetesUsersTest {
  KubernetesClient client;

  @BeforeEach
  void cluster() {
    pv("pvc-db", "linstor.csi.linbit.com", "pvc-db", "shop", "data-db-0");
    pv("pvc-cache", "linstor.csi.linbit.com", "pvc-cache", "shop", "cache");
    pv("pvc-other", "other.csi.example.com", "pvc-db", "shop", "foreign");
    pod("shop", "db-0", "data-db-0");
    pod("shop", "web-1", "unrelated");
    pod("other", "db-0-copy", "data-db-0"); // same claim name, other namespace: not a user
  }

  @Test
  void usersOf_namesTheVolumeClaimAndPodsOfEachResource() {
    var users = new KubernetesUsers(client).usersOf(Set.of("pvc-db", "pvc-cache", "pvc-gone"));

    assertThat(users).containsOnlyKeys("pvc-db", "pvc-cache");
    assertThat(users.get("pvc-db"))
        .isEqualTo(
            new KubernetesUsers.Workload("pvc-db", "shop", "data-db-0", java.util.List.of("db-0")));
    assertThat(users.get("pvc-cache").pods()).isEmpty();
    assertThat(users.get("pvc-cache").claimName()).isEqualTo("cache");
  }

  @Test
  void usersOf_ignoresVolumesOfOtherDrivers() {
    pv("pvc-x", "other.csi.example.com", "pvc-x", "shop", "x");
    assertThat(new KubernetesUsers(client).usersOf(Set.of("pvc-x"))).isEmpty();
  }

  @Test
  void resourceOf_acceptsHandlesWithAVolumeNumber() {
    assertThat(KubernetesUsers.resourceOf("pvc-1/0")).isEqualTo("pvc-1");
    assertThat(KubernetesUsers.resourceOf("pvc-1")).isEqualTo("pvc-1");
  }

  private void pv(String name, String driver, String handle, String ns, String claim) {
    client
        .persistentVolumes()
        .resource(
            new PersistentVolumeBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withNewCsi()
                .withDriver(driver)
                .withVolumeHandle(handle)
                .endCsi()
                .withNewClaimRef()
                .withNamespace(ns)
                .withName(claim)
                .endClaimRef()
                .endSpec()
                .build())
        .create();
  }

  private void pod(String ns, String name, String claim) {
    client
        .pods()
        .inNamespace(ns)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .addNewVolume()
                .withName("data")
                .withNewPersistentVolumeClaim()
                .withClaimName(claim)
                .endPersistentVolumeClaim()
                .endVolume()
                .endSpec()
                .build())
        .create();
  }
}
