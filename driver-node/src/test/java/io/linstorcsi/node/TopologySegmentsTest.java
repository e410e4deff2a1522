package io.linstorcsi.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologySegmentsTest {
  private static final NodeTopology.Facts FACTS =
      new NodeTopology.Facts(
          Map.of(
              "Aux/topology/topology.kubernetes.io/zone", "zone-a",
              "Aux/topology/kubernetes.io/hostname", "k8s-node-1",
              "Aux/topology/linbit.com/hostname", "node-a",
              "Aux/other-prop", "not topology",
              "Aux/topology/bad key", "x",
              "Aux/topology/example.com/too-long-value", "v".repeat(64),
              "DrbdOptions/Net/protocol", "C"),
          List.of("sp1", "DfltDisklessStorPool"));

  @Test
  void hostnamePoolsAndNamespacedProperties_becomeSegments_invalidOnesAreLeftOut() {
    Map<String, String> segments = TopologySegments.of("node-a", FACTS, "Aux/topology", true);

    assertThat(segments)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "linbit.com/hostname", "node-a",
                "linbit.com/sp-sp1", "true",
                "linbit.com/sp-DfltDisklessStorPool", "true",
                "topology.kubernetes.io/zone", "zone-a",
                "kubernetes.io/hostname", "k8s-node-1"));
  }

  @Test
  void poolLabels_canBeTurnedOff() {
    assertThat(TopologySegments.of("node-a", FACTS, "Aux/topology", false))
        .doesNotContainKey("linbit.com/sp-sp1")
        .containsEntry("linbit.com/hostname", "node-a");
  }
}
