package io.linstorcsi.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * csi-provisioner exits at start on a feature gate it does not know, so the manifests name none
 * that upstream has announced to remove.
 *
 * <p>Topology: GA and on by default since external-provisioner v5.0.0, whose release notes
 * (CHANGELOG/CHANGELOG-5.0.md) say the gate "will be removed in a future release". Every
 * provisioner the chart supports (v5.3.0 and v6.x, see the chart README) turns topology on by
 * itself, because the driver reports VOLUME_ACCESSIBILITY_CONSTRAINTS.
 */
class ProvisionerFlagsTest {
  private static final List<String> GATES_BOUND_FOR_REMOVAL = List.of("Topology");

  static Stream<Arguments> sources() {
    return Stream.of(
        Arguments.of("chart defaults", Sources.chartDefaults()),
        Arguments.of("chart non-default values", Sources.chartNonDefault()),
        Arguments.of("deploy/", Sources.deploy()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void provisioner_setsNoFeatureGateUpstreamWillRemove(String source, List<HasMetadata> objects) {
    Container provisioner =
        Workloads.container(
            new Workloads(objects).controller().getSpec().getTemplate().getSpec(),
            "csi-provisioner");
    String gates = Workloads.flag(provisioner, "--feature-gates").orElse("");

    assertThat(GATES_BOUND_FOR_REMOVAL)
        .allSatisfy(gate -> assertThat(gates).as(source).doesNotContain(gate + "="));
  }
}
