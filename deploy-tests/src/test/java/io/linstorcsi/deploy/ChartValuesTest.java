package io.linstorcsi.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.storage.CSIDriver;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What each value of the chart changes in the rendered objects. */
class ChartValuesTest {
  private static final String LINSTOR = "http://192.168.1.101:3370";

  @Test
  void defaults_renderTheDriverObjectsIntoTheReleaseNamespace() {
    List<HasMetadata> objects = Sources.chartDefaults();

    assertThat(objects.stream().map(Manifests::describe))
        .containsExactlyInAnyOrder(
            "CSIDriver linstor.csi.linbit.com",
            "ServiceAccount kube-system/csi-linstor-controller",
            "ServiceAccount kube-system/csi-linstor-node",
            "ClusterRole csi-linstor-provisioner",
            "ClusterRole csi-linstor-attacher",
            "ClusterRole csi-linstor-resizer",
            "ClusterRole csi-linstor-snapshotter",
            "ClusterRoleBinding csi-linstor-provisioner",
            "ClusterRoleBinding csi-linstor-attacher",
            "ClusterRoleBinding csi-linstor-resizer",
            "ClusterRoleBinding csi-linstor-snapshotter",
            "Role kube-system/csi-linstor-leader-election",
            "RoleBinding kube-system/csi-linstor-leader-election",
            "Deployment kube-system/csi-linstor-controller",
            "DaemonSet kube-system/csi-linstor-node");
  }

  @Test
  void defaults_csiDriverMatchesWhatTheDriverImplements() {
    CSIDriver driver =
        new Workloads(Sources.chartDefaults()).one(CSIDriver.class, "linstor.csi.linbit.com");

    assertThat(driver.getSpec().getAttachRequired()).isTrue();
    assertThat(driver.getSpec().getPodInfoOnMount()).isTrue();
    assertThat(driver.getSpec().getFsGroupPolicy()).isEqualTo("File");
    assertThat(driver.getSpec().getStorageCapacity()).isFalse();
    assertThat(driver.getSpec().getVolumeLifecycleModes()).containsExactly("Persistent");
  }

  @Test
  void defaults_driverContainersRunTheirRoleWithPiraeusFlags() {
    Workloads w = new Workloads(Sources.chartDefaults());
    Container controller =
        Workloads.container(w.controller().getSpec().getTemplate().getSpec(), "linstor-csi");
    Container node = Workloads.container(w.node().getSpec().getTemplate().getSpec(), "linstor-csi");

    assertThat(controller.getArgs())
        .containsExactly(
            "--controller",
            "--csi-endpoint=unix:///csi/csi.sock",
            "--linstor-endpoint=$(LS_CONTROLLERS)",
            "--log-level=info",
            "--metrics-address=:9811");
    assertThat(node.getArgs())
        .containsExactly(
            "--node-plugin",
            "--node=$(KUBE_NODE_NAME)",
            "--kubelet-root=/var/lib/kubelet",
            "--csi-endpoint=unix:///csi/csi.sock",
            "--linstor-endpoint=$(LS_CONTROLLERS)",
            "--log-level=info",
            "--metrics-address=:9811");
    assertThat(env(node, "KUBE_NODE_NAME").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("spec.nodeName");
  }

  @Test
  void defaults_provisionerGetsMetadataLeaderElectionAndExt4() {
    Container provisioner =
        Workloads.container(
            new Workloads(Sources.chartDefaults()).controller().getSpec().getTemplate().getSpec(),
            "csi-provisioner");

    assertThat(provisioner.getArgs())
        .contains(
            "--csi-address=/csi/csi.sock",
            "--extra-create-metadata",
            "--leader-election",
            "--default-fstype=ext4")
        .doesNotContain("--enable-capacity");
  }

  @Test
  void linstorEndpoint_setOnTheCommandLine_reachesControllerAndNode() {
    Workloads w =
        new Workloads(Chart.project().set("csi.controller.linstorEndpoint", LINSTOR).render());

    assertThat(env(driver(w, true), "LS_CONTROLLERS").getValue()).isEqualTo(LINSTOR);
    assertThat(env(driver(w, false), "LS_CONTROLLERS").getValue()).isEqualTo(LINSTOR);
  }

  @Test
  void nodeLinstorEndpoint_overridesTheControllerOneForTheNodeOnly() {
    Workloads w =
        new Workloads(
            Chart.project()
                .set("csi.controller.linstorEndpoint", LINSTOR)
                .set("csi.node.linstorEndpoint", "http://10.0.0.1:3370")
                .render());

    assertThat(env(driver(w, true), "LS_CONTROLLERS").getValue()).isEqualTo(LINSTOR);
    assertThat(env(driver(w, false), "LS_CONTROLLERS").getValue())
        .isEqualTo("http://10.0.0.1:3370");
  }

  @Test
  void namespace_isTheReleaseNamespaceEverywhere() {
    List<HasMetadata> objects = Chart.project().namespace("storage").render();

    assertThat(objects)
        .filteredOn(
            o ->
                !(o instanceof ClusterRole
                    || o instanceof ClusterRoleBinding
                    || o instanceof CSIDriver))
        .allSatisfy(
            o ->
                assertThat(o.getMetadata().getNamespace())
                    .as(Manifests.describe(o))
                    .isEqualTo("storage"));
    assertThat(
            new Workloads(objects)
                .all(ClusterRoleBinding.class)
                .flatMap(b -> b.getSubjects().stream()))
        .allSatisfy(s -> assertThat(s.getNamespace()).isEqualTo("storage"));
  }

  @Test
  void tlsClientSecret_becomesTheLinstorClientEnvironmentOfBothRoles() {
    Workloads w =
        new Workloads(
            Chart.project().set("csi.linstorTls.clientSecret", "linstor-client").render());

    for (Container c : List.of(driver(w, true), driver(w, false))) {
      assertThat(env(c, "LS_USER_CERTIFICATE").getValueFrom().getSecretKeyRef().getKey())
          .isEqualTo("tls.crt");
      assertThat(env(c, "LS_USER_KEY").getValueFrom().getSecretKeyRef().getKey())
          .isEqualTo("tls.key");
      assertThat(env(c, "LS_ROOT_CA").getValueFrom().getSecretKeyRef().getKey())
          .isEqualTo("ca.crt");
      assertThat(
              Stream.of("LS_USER_CERTIFICATE", "LS_USER_KEY", "LS_ROOT_CA")
                  .map(n -> env(c, n).getValueFrom().getSecretKeyRef().getName()))
          .containsOnly("linstor-client");
    }
  }

  @Test
  void withoutTlsSecret_noSecretIsReferenced() {
    Workloads w = new Workloads(Sources.chartDefaults());

    assertThat(driver(w, true).getEnv())
        .extracting(EnvVar::getName)
        .containsExactly("LS_CONTROLLERS");
  }

  @Test
  void snapshotterDisabled_removesItsContainerAndItsRights() {
    Workloads w =
        new Workloads(Chart.project().set("sidecars.snapshotter.enabled", false).render());

    assertThat(w.controller().getSpec().getTemplate().getSpec().getContainers())
        .extracting(Container::getName)
        .doesNotContain("csi-snapshotter");
    assertThat(w.find(ClusterRole.class, "csi-linstor-snapshotter")).isEmpty();
    assertThat(w.find(ClusterRoleBinding.class, "csi-linstor-snapshotter")).isEmpty();
  }

  @Test
  void defaults_letTheSnapshotterReadNoSecret() {
    Workloads w = new Workloads(Sources.chartDefaults());

    assertThat(w.all(Role.class).flatMap(r -> r.getRules().stream()))
        .noneMatch(r -> r.getResources().contains("secrets"));
    assertThat(w.all(ClusterRole.class).flatMap(r -> r.getRules().stream()))
        .noneMatch(r -> r.getResources().contains("secrets"));
  }

  @Test
  void snapshotterSecrets_eachGetsARoleForThatOneSecretInItsNamespace() {
    List<HasMetadata> objects =
        Chart.project()
            .set("sidecars.snapshotter.secrets[0].name", "linstor-backup-s3")
            .set("sidecars.snapshotter.secrets[0].namespace", "backups")
            .set("sidecars.snapshotter.secrets[1].name", "dr-keys")
            .render();
    Workloads w = new Workloads(objects);

    List<Role> readers =
        w.all(Role.class)
            .filter(r -> r.getMetadata().getName().startsWith("csi-linstor-snapshotter-secret-"))
            .toList();
    assertThat(readers)
        .extracting(
            r -> r.getMetadata().getNamespace() + "/" + r.getRules().get(0).getResourceNames())
        .containsExactlyInAnyOrder("backups/[linstor-backup-s3]", Chart.NAMESPACE + "/[dr-keys]");
    assertThat(readers)
        .allSatisfy(
            r -> {
              assertThat(r.getRules()).hasSize(1);
              assertThat(r.getRules().get(0).getResources()).containsExactly("secrets");
              assertThat(r.getRules().get(0).getVerbs()).containsExactly("get");
            });
    RoleBinding binding =
        w.all(RoleBinding.class)
            .filter(b -> b.getMetadata().getName().equals("csi-linstor-snapshotter-secret-dr-keys"))
            .findFirst()
            .orElseThrow();
    assertThat(binding.getSubjects())
        .extracting(s -> s.getNamespace() + "/" + s.getName())
        .containsExactly(Chart.NAMESPACE + "/csi-linstor-controller");
    assertThat(DeploymentPolicy.rbac(objects)).isEmpty();
  }

  @Test
  void snapshotterSecrets_withTheSnapshotterOff_grantNothing() {
    Workloads w =
        new Workloads(
            Chart.project()
                .set("sidecars.snapshotter.enabled", false)
                .set("sidecars.snapshotter.secrets[0].name", "linstor-backup-s3")
                .render());

    assertThat(w.all(Role.class).flatMap(r -> r.getRules().stream()))
        .noneMatch(r -> r.getResources().contains("secrets"));
  }

  /** Resources a ClusterRole grants in one API group. */
  private static List<String> resourcesIn(ClusterRole role, String apiGroup) {
    return role.getRules().stream()
        .filter(r -> r.getApiGroups().contains(apiGroup))
        .flatMap(r -> r.getResources().stream())
        .toList();
  }

  @Test
  void defaults_snapshotterTakesGroupSnapshotsWithTheirRights() {
    Workloads w = new Workloads(Sources.chartDefaults());
    Container snapshotter =
        Workloads.container(w.controller().getSpec().getTemplate().getSpec(), "csi-snapshotter");

    assertThat(snapshotter.getArgs()).contains("--feature-gates=CSIVolumeGroupSnapshot=true");
    assertThat(
            resourcesIn(
                w.one(ClusterRole.class, "csi-linstor-snapshotter"),
                "groupsnapshot.storage.k8s.io"))
        .containsExactlyInAnyOrder(
            "volumegroupsnapshotclasses",
            "volumegroupsnapshotcontents",
            "volumegroupsnapshotcontents/status");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "sidecars.snapshotter.image.tag, v8.1.0",
    "sidecars.snapshotter.groupSnapshots, false"
  })
  void snapshotterBefore82OrGroupSnapshotsOff_getsNeitherGateNorRights(String key, String value) {
    Object setting = value.equals("false") ? Boolean.FALSE : value;
    Workloads w = new Workloads(Chart.project().set(key, setting).render());
    Container snapshotter =
        Workloads.container(w.controller().getSpec().getTemplate().getSpec(), "csi-snapshotter");

    assertThat(snapshotter.getArgs()).noneMatch(a -> a.startsWith("--feature-gates"));
    assertThat(
            resourcesIn(
                w.one(ClusterRole.class, "csi-linstor-snapshotter"),
                "groupsnapshot.storage.k8s.io"))
        .isEmpty();
  }

  @Test
  void defaults_consistencyGroupsOff_driverHasNoRights() {
    Workloads w = new Workloads(Sources.chartDefaults());
    assertThat(
            Workloads.container(w.controller().getSpec().getTemplate().getSpec(), "linstor-csi")
                .getArgs())
        .doesNotContain("--enable-consistency-groups");
    assertThat(w.find(ClusterRole.class, "csi-linstor-driver")).isEmpty();
  }

  @Test
  void consistencyGroups_passesTheFlagAndLetsTheDriverGetClaims() {
    Workloads w =
        new Workloads(Chart.project().set("csi.controller.consistencyGroups", true).render());

    assertThat(
            Workloads.container(w.controller().getSpec().getTemplate().getSpec(), "linstor-csi")
                .getArgs())
        .contains("--enable-consistency-groups");
    ClusterRole driver = w.one(ClusterRole.class, "csi-linstor-driver");
    assertThat(driver.getRules()).hasSize(1);
    assertThat(driver.getRules().get(0).getResources()).containsExactly("persistentvolumeclaims");
    assertThat(driver.getRules().get(0).getVerbs()).containsExactly("get");
    assertThat(w.one(ClusterRoleBinding.class, "csi-linstor-driver").getSubjects())
        .extracting(s -> s.getName())
        .containsExactly("csi-linstor-controller");
  }

  @Test
  void storageCapacity_turnsOnCapacityTrackingWithItsRbac() {
    Workloads w = new Workloads(Chart.project().set("csi.storageCapacity", true).render());
    Container provisioner =
        Workloads.container(w.controller().getSpec().getTemplate().getSpec(), "csi-provisioner");

    assertThat(w.one(CSIDriver.class, "linstor.csi.linbit.com").getSpec().getStorageCapacity())
        .isTrue();
    assertThat(provisioner.getArgs()).contains("--enable-capacity", "--capacity-ownerref-level=2");
    assertThat(env(provisioner, "POD_NAME").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.name");
    assertThat(w.find(Role.class, "csi-linstor-storage-capacity")).isPresent();
  }

  @Test
  void kubeletDir_movesEveryKubeletPathOfTheNodePlugin() {
    String dir = "/var/snap/microk8s/common/var/lib/kubelet";
    PodSpec node =
        new Workloads(Chart.project().set("csi.kubeletDir", dir).render())
            .node()
            .getSpec()
            .getTemplate()
            .getSpec();

    assertThat(Workloads.container(node, "linstor-csi").getArgs())
        .contains("--kubelet-root=" + dir);
    assertThat(Workloads.container(node, "csi-node-driver-registrar").getArgs())
        .contains(
            "--kubelet-registration-path=" + dir + "/plugins/linstor.csi.linbit.com/csi.sock");
    assertThat(node.getVolumes())
        .filteredOn(v -> v.getHostPath() != null && v.getHostPath().getPath().contains("kubelet"))
        .allSatisfy(v -> assertThat(v.getHostPath().getPath()).startsWith(dir));
  }

  @Test
  void schedulingImagesResourcesLogLevelReplicasAndMetrics_followTheValues() {
    Workloads w =
        new Workloads(
            Chart.project()
                .set("csi.controller.replicas", 3)
                .set("csi.controller.nodeSelector.example\\.com/pool", "storage")
                .set("csi.node.tolerations[0].operator", "Exists")
                .set("image.repository", "registry.example.com/linstor-csi")
                .set("image.tag", "1.2.3")
                .set("sidecars.provisioner.image.tag", "v9.9.9")
                .set("csi.controller.resources.limits.memory", "1Gi")
                .set("csi.logLevel", "debug")
                .set("csi.metrics.enabled", false)
                .render());
    PodSpec controller = w.controller().getSpec().getTemplate().getSpec();
    PodSpec node = w.node().getSpec().getTemplate().getSpec();
    Container driver = Workloads.container(controller, "linstor-csi");

    assertThat(w.controller().getSpec().getReplicas()).isEqualTo(3);
    assertThat(controller.getNodeSelector()).containsEntry("example.com/pool", "storage");
    assertThat(node.getTolerations())
        .singleElement()
        .satisfies(t -> assertThat(t.getOperator()).isEqualTo("Exists"));
    assertThat(driver.getImage()).isEqualTo("registry.example.com/linstor-csi:1.2.3");
    assertThat(Workloads.container(node, "linstor-csi").getImage())
        .isEqualTo("registry.example.com/linstor-csi:1.2.3");
    assertThat(Workloads.container(controller, "csi-provisioner").getImage())
        .isEqualTo("registry.k8s.io/sig-storage/csi-provisioner:v9.9.9");
    assertThat(driver.getResources().getLimits()).containsEntry("memory", new Quantity("1Gi"));
    assertThat(driver.getArgs())
        .contains("--log-level=debug")
        .noneMatch(a -> a.startsWith("--metrics-address"));
    assertThat(driver.getPorts()).extracting(p -> p.getName()).containsExactly("healthz");
    assertThat(w.controller().getSpec().getTemplate().getMetadata().getAnnotations())
        .doesNotContainKey("prometheus.io/scrape");
  }

  private static Container driver(Workloads w, boolean controller) {
    PodSpec pod =
        controller
            ? w.controller().getSpec().getTemplate().getSpec()
            : w.node().getSpec().getTemplate().getSpec();
    return Workloads.container(pod, "linstor-csi");
  }

  private static EnvVar env(Container c, String name) {
    Optional<EnvVar> found =
        Optional.ofNullable(c.getEnv()).orElse(List.of()).stream()
            .filter(e -> e.getName().equals(name))
            .findFirst();
    return found.orElseThrow(
        () -> new AssertionError(c.getName() + " has no env " + name + ": " + c.getEnv()));
  }
}
