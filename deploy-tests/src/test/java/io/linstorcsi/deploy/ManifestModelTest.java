package io.linstorcsi.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every manifest is a well-typed Kubernetes object without unknown (misspelt) fields. */
class ManifestModelTest {
  static Stream<Sources.Source> allSets() {
    return Stream.concat(
        Sources.installable(), Stream.of(new Sources.Source("deploy/examples", Sources::examples)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allSets")
  void everyObject_isTypedAndHasNoUnknownFields(Sources.Source source) {
    List<HasMetadata> objects = source.objects().get();

    assertThat(objects).isNotEmpty();
    assertThat(ModelCheck.problems(objects)).isEmpty();
  }

  @Test
  void kustomization_listsEveryManifestInDeploy() {
    Set<Path> listed = Set.copyOf(Sources.kustomizationResources());
    Set<Path> present =
        Sources.yamlFiles(Project.deployDir()).stream()
            .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
            .collect(Collectors.toSet());

    assertThat(listed).isEqualTo(present);
  }

  @Test
  void examples_storageClassUsesTheDriverWithReplicationParameters() {
    var sc =
        new Workloads(Sources.examples())
            .all(io.fabric8.kubernetes.api.model.storage.StorageClass.class)
            .findFirst()
            .orElseThrow();

    assertThat(sc.getProvisioner()).isEqualTo("linstor.csi.linbit.com");
    assertThat(sc.getAllowVolumeExpansion()).isTrue();
    assertThat(sc.getReclaimPolicy()).isEqualTo("Delete");
    assertThat(sc.getVolumeBindingMode()).isEqualTo("WaitForFirstConsumer");
    assertThat(sc.getParameters())
        .containsEntry("linstor.csi.linbit.com/placementCount", "2")
        .containsEntry("linstor.csi.linbit.com/storagePool", "sp1")
        .containsEntry("csi.storage.k8s.io/fstype", "ext4");
  }

  @Test
  void examples_areNotPartOfTheKustomization() {
    assertThat(Sources.kustomizationResources()).noneMatch(p -> p.toString().contains("examples"));
    assertThat(Sources.examples().stream().map(HasMetadata::getKind))
        .contains("StorageClass", "VolumeSnapshotClass", "PersistentVolumeClaim", "Pod");
  }

  @Test
  void misspeltField_isReported() {
    String yaml =
        """
        apiVersion: storage.k8s.io/v1
        kind: CSIDriver
        metadata:
          name: linstor.csi.linbit.com
        spec:
          attachRequired: true
          podInfoOnMountt: true
        """;

    assertThat(ModelCheck.problems(Manifests.parse(yaml, "test")))
        .singleElement()
        .asString()
        .contains("podInfoOnMountt");
  }

  @Test
  void misspeltFieldDeepInAPodTemplate_isReported() {
    String yaml =
        """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: x, namespace: y}
        spec:
          selector: {matchLabels: {a: b}}
          template:
            metadata: {labels: {a: b}}
            spec:
              containers:
                - name: c
                  image: i:1
                  volumeMounts:
                    - {name: v, mountPath: /v, mountPropagaton: Bidirectional}
        """;

    assertThat(ModelCheck.problems(Manifests.parse(yaml, "test")))
        .singleElement()
        .asString()
        .contains("volumeMounts[0]")
        .contains("mountPropagaton");
  }

  @Test
  void wrongType_failsToParse() {
    String yaml =
        """
        apiVersion: storage.k8s.io/v1
        kind: CSIDriver
        metadata: {name: x}
        spec: {attachRequired: [true]}
        """;

    assertThatThrownBy(() -> Manifests.parse(yaml, "test"))
        .hasMessageContaining("test, document 1");
  }

  @Test
  void unknownFieldOfASnapshotClass_isReported() {
    String yaml =
        """
        apiVersion: snapshot.storage.k8s.io/v1
        kind: VolumeSnapshotClass
        metadata: {name: x}
        driver: linstor.csi.linbit.com
        deletionPolicyy: Delete
        """;

    assertThat(ModelCheck.problems(Manifests.parse(yaml, "test")))
        .singleElement()
        .asString()
        .contains("deletionPolicyy");
  }

  @Test
  void unknownKind_isReported() {
    String yaml =
        """
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: x}
        """;

    assertThat(ModelCheck.problems(Manifests.parse(yaml, "test")))
        .singleElement()
        .asString()
        .contains("no typed model");
  }
}
