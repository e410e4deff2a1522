package io.linstorcsi.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * node-driver-registrar writes a probe file named "registration" beside the socket path it gives
 * kubelet ({@code --kubelet-registration-path}) once kubelet has called it (node-driver-registrar
 * cmd/csi-node-driver-registrar/main.go: registrationProbePath is the registration path's directory
 * joined with "registration"). Its root file system is read-only, so that directory must be a
 * writable mount of the same host directory, or every start logs "Failed to create registration
 * probe file".
 */
class RegistrarProbeFileTest {
  static final String REGISTRAR = "csi-node-driver-registrar";

  static Stream<Sources.Source> installable() {
    return Sources.installable();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("installable")
  void registrarCanWriteItsProbeFileIntoTheHostsPluginDirectory(Sources.Source source) {
    PodSpec pod = new Workloads(source.objects().get()).node().getSpec().getTemplate().getSpec();
    Container registrar = Workloads.container(pod, REGISTRAR);
    Path socketOnHost =
        Path.of(
            Workloads.flag(registrar, "--kubelet-registration-path")
                .orElseThrow(() -> new AssertionError("no --kubelet-registration-path")));
    Path probeDir = socketOnHost.getParent();

    VolumeMount mount =
        registrar.getVolumeMounts().stream()
            .filter(m -> probeDir.startsWith(Path.of(m.getMountPath())))
            .max((a, b) -> a.getMountPath().length() - b.getMountPath().length())
            .orElseThrow(
                () -> new AssertionError(REGISTRAR + " has no mount that holds " + probeDir));

    assertThat(mount.getReadOnly())
        .as("mount %s read-only", mount.getMountPath())
        .isNotEqualTo(true);
    Volume volume =
        pod.getVolumes().stream()
            .filter(v -> v.getName().equals(mount.getName()))
            .findFirst()
            .orElseThrow();
    assertThat(volume.getHostPath()).as("volume %s is a hostPath", volume.getName()).isNotNull();
    Path hostDir =
        Path.of(volume.getHostPath().getPath())
            .resolve(Path.of(mount.getMountPath()).relativize(probeDir));
    assertThat(hostDir).as("host directory of the probe file").isEqualTo(probeDir);
  }
}
