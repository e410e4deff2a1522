package io.linstorcsi.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart (default and non-default values) and deploy/ comply with {@link DeploymentPolicy}; and
 * each check does catch the mistake it is there for.
 */
class DeploymentPolicyTest {
  static Stream<Sources.Source> installable() {
    return Sources.installable();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("installable")
  void sidecarsTalkToTheDriversSocket(Sources.Source source) {
    assertThat(DeploymentPolicy.socketWiring(source.objects().get())).isEmpty();
    assertThat(DeploymentPolicy.variables(source.objects().get())).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("installable")
  void onlyTheNodePluginIsPrivilegedAndPropagatesOnlyKubeletMounts(Sources.Source source) {
    assertThat(DeploymentPolicy.privileges(source.objects().get())).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("installable")
  void rbacGrantsExactlyWhatTheContainersUse(Sources.Source source) {
    assertThat(DeploymentPolicy.rbac(source.objects().get())).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("installable")
  void everyContainerHasRequestsAndLimits(Sources.Source source) {
    assertThat(DeploymentPolicy.resources(source.objects().get())).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("installable")
  void everyImageIsPinned(Sources.Source source) {
    assertThat(DeploymentPolicy.pinnedImages(source.objects().get())).isEmpty();
  }

  @Test
  void examples_haveRequestsLimitsAndPinnedImages() {
    assertThat(DeploymentPolicy.resources(Sources.examples())).isEmpty();
    assertThat(DeploymentPolicy.pinnedImages(Sources.examples())).isEmpty();
  }

  @Test
  void sidecarOnAnotherSocket_isCaught() {
    List<HasMetadata> broken =
        mutateController(
            pod ->
                args(pod, "csi-attacher")
                    .replaceAll(
                        a -> a.startsWith("--csi-address=") ? "--csi-address=/run/csi.sock" : a));

    assertThat(DeploymentPolicy.socketWiring(broken))
        .isNotEmpty()
        .allMatch(v -> v.contains("csi-attacher"))
        .anyMatch(v -> v.contains("--csi-address=/run/csi.sock, driver serves /csi/csi.sock"));
  }

  @Test
  void registrarAnnouncingTheWrongHostPath_isCaught() {
    List<HasMetadata> broken =
        mutateNode(
            pod ->
                args(pod, "csi-node-driver-registrar")
                    .replaceAll(
                        a ->
                            a.startsWith("--kubelet-registration-path=")
                                ? "--kubelet-registration-path=/var/lib/kubelet/plugins/other/csi.sock"
                                : a));

    assertThat(DeploymentPolicy.socketWiring(broken))
        .singleElement()
        .asString()
        .contains("registers");
  }

  @Test
  void undefinedVariableInArguments_isCaught() {
    List<HasMetadata> broken =
        mutateController(
            pod -> args(pod, "csi-resizer").add("--leader-election-namespace=$(NAMESPCE)"));

    assertThat(DeploymentPolicy.variables(broken))
        .singleElement()
        .asString()
        .contains("$(NAMESPCE)");
  }

  @Test
  void privilegedController_isCaught() {
    List<HasMetadata> broken =
        mutateController(
            pod ->
                Workloads.container(pod, "linstor-csi").getSecurityContext().setPrivileged(true));

    assertThat(DeploymentPolicy.privileges(broken))
        .anyMatch(v -> v.contains("privileged, but only the node plugin"));
  }

  @Test
  void controllerRunningAsRoot_isCaught() {
    List<HasMetadata> broken =
        mutateController(
            pod ->
                Workloads.container(pod, "csi-provisioner").getSecurityContext().setRunAsUser(0L));

    assertThat(DeploymentPolicy.privileges(broken))
        .singleElement()
        .asString()
        .contains("csi-provisioner")
        .contains("non-zero user");
  }

  @Test
  void bidirectionalMountOutsideKubelet_isCaught() {
    List<HasMetadata> broken =
        mutateNode(
            pod ->
                Workloads.container(pod, "linstor-csi").getVolumeMounts().stream()
                    .filter(m -> m.getMountPath().equals("/dev"))
                    .forEach(m -> m.setMountPropagation("Bidirectional")));

    assertThat(DeploymentPolicy.privileges(broken))
        .singleElement()
        .asString()
        .contains("/dev")
        .contains("outside kubelet");
  }

  @Test
  void bidirectionalMountInASidecar_isCaught() {
    List<HasMetadata> broken =
        mutateNode(
            pod ->
                Workloads.container(pod, "csi-node-driver-registrar")
                    .getVolumeMounts()
                    .getFirst()
                    .setMountPropagation("Bidirectional"));

    assertThat(DeploymentPolicy.privileges(broken))
        .singleElement()
        .asString()
        .contains("outside the node plugin");
  }

  @Test
  void extraRightsAndWildcards_areCaught() {
    List<HasMetadata> broken = copy(Sources.chartDefaults());
    ClusterRole attacher = new Workloads(broken).one(ClusterRole.class, "csi-linstor-attacher");
    attacher
        .getRules()
        .add(
            new PolicyRuleBuilder()
                .withApiGroups("")
                .withResources("secrets")
                .withVerbs("get")
                .build());
    attacher
        .getRules()
        .add(new PolicyRuleBuilder().withApiGroups("*").withResources("*").withVerbs("*").build());

    assertThat(DeploymentPolicy.rbac(broken))
        .anyMatch(v -> v.contains("core/secrets get"))
        .anyMatch(v -> v.contains("wildcard"));
  }

  @Test
  void namedSecretReads_outsideTheSnapshottersAccountOrBeyondGet_areCaught() {
    List<HasMetadata> objects =
        copy(
            Chart.project()
                .set("sidecars.snapshotter.secrets[0].name", "linstor-backup-s3")
                .render());
    Workloads w = new Workloads(objects);
    // the node plugin's account does not run the snapshotter
    RoleBinding binding =
        w.all(RoleBinding.class)
            .filter(b -> b.getMetadata().getName().startsWith("csi-linstor-snapshotter-secret-"))
            .findFirst()
            .orElseThrow();
    binding.getSubjects().get(0).setName("csi-linstor-node");
    // a named rule that lists as well
    ClusterRole attacher = w.one(ClusterRole.class, "csi-linstor-attacher");
    attacher
        .getRules()
        .add(
            new PolicyRuleBuilder()
                .withApiGroups("")
                .withResources("secrets")
                .withResourceNames("linstor-backup-s3")
                .withVerbs("get", "list")
                .build());

    assertThat(DeploymentPolicy.rbac(objects))
        .anyMatch(v -> v.contains("csi-linstor-node") && v.contains("none of its pods runs"))
        .anyMatch(
            v ->
                v.contains("ClusterRoleBinding csi-linstor-attacher")
                    && v.contains("resourceNames"));
  }

  @Test
  void missingRights_areCaught() {
    List<HasMetadata> broken = copy(Sources.chartDefaults());
    new Workloads(broken)
        .one(ClusterRole.class, "csi-linstor-resizer")
        .getRules()
        .removeIf(r -> r.getResources().contains("persistentvolumeclaims/status"));

    assertThat(DeploymentPolicy.rbac(broken))
        .singleElement()
        .asString()
        .contains("lacks")
        .contains("persistentvolumeclaims/status patch");
  }

  @Test
  void missingLimits_andUnpinnedImages_areCaught() {
    List<HasMetadata> broken =
        mutateNode(
            pod -> {
              Container probe = Workloads.container(pod, "livenessprobe");
              probe.getResources().setLimits(null);
              probe.setImage("registry.k8s.io/sig-storage/livenessprobe:latest");
            });

    assertThat(DeploymentPolicy.resources(broken))
        .containsExactlyInAnyOrder(
            "DaemonSet csi-linstor-node/livenessprobe: no cpu limits",
            "DaemonSet csi-linstor-node/livenessprobe: no memory limits");
    assertThat(DeploymentPolicy.pinnedImages(broken))
        .singleElement()
        .asString()
        .contains(":latest");
  }

  @Test
  void imagePinning_acceptsTagsAndDigestsOnly() {
    assertThat(DeploymentPolicy.isPinned("registry.k8s.io/sig-storage/csi-provisioner:v6.3.0"))
        .isTrue();
    assertThat(DeploymentPolicy.isPinned("localhost:5000/linstor-csi:0.1.0")).isTrue();
    assertThat(DeploymentPolicy.isPinned("busybox@sha256:" + "a".repeat(64))).isTrue();
    assertThat(DeploymentPolicy.isPinned("localhost:5000/linstor-csi")).isFalse();
    assertThat(DeploymentPolicy.isPinned("busybox")).isFalse();
    assertThat(DeploymentPolicy.isPinned("busybox:latest")).isFalse();
  }

  private static List<String> args(PodSpec pod, String container) {
    return Workloads.container(pod, container).getArgs();
  }

  private static List<HasMetadata> mutateController(Consumer<PodSpec> change) {
    List<HasMetadata> objects = copy(Sources.chartDefaults());
    change.accept(new Workloads(objects).controller().getSpec().getTemplate().getSpec());
    return objects;
  }

  private static List<HasMetadata> mutateNode(Consumer<PodSpec> change) {
    List<HasMetadata> objects = copy(Sources.chartDefaults());
    change.accept(new Workloads(objects).node().getSpec().getTemplate().getSpec());
    return objects;
  }

  private static List<HasMetadata> copy(List<HasMetadata> objects) {
    List<HasMetadata> out = new ArrayList<>();
    objects.forEach(o -> out.add(Manifests.SERIALIZATION.clone(o)));
    return out;
  }
}
