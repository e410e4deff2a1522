package io.linstorcsi.controller.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.linstorcsi.controller.params.RemoteAccessPolicy;
import io.linstorcsi.controller.params.TopologyKeys;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessibleTopologyTest {
  private final Map<String, Map<String, String>> replicas = new LinkedHashMap<>();

  AccessibleTopologyTest() {
    replicas.put("a", Map.of("zone", "z1"));
    replicas.put("b", Map.of("zone", "z1"));
  }

  @Test
  void remoteAccessAnywhere_isAccessibleFromEveryNode() {
    assertThat(AccessibleTopology.of(RemoteAccessPolicy.ANYWHERE, replicas)).isEmpty();
    assertThat(AccessibleTopology.needsNodeLabels(RemoteAccessPolicy.ANYWHERE)).isFalse();
  }

  @Test
  void localOnly_isTheReplicaNodes() {
    assertThat(AccessibleTopology.of(RemoteAccessPolicy.LOCAL_ONLY, replicas))
        .containsExactly(
            Topology.of(TopologyKeys.HOSTNAME, "a"), Topology.of(TopologyKeys.HOSTNAME, "b"));
    assertThat(AccessibleTopology.needsNodeLabels(RemoteAccessPolicy.LOCAL_ONLY)).isFalse();
  }

  @Test
  void zoneRule_isTheReplicasZones_once() {
    RemoteAccessPolicy zone = RemoteAccessPolicy.parse("- fromSame: [zone]").orElseThrow();
    assertThat(AccessibleTopology.of(zone, replicas)).containsExactly(Topology.of("zone", "z1"));
    assertThat(AccessibleTopology.needsNodeLabels(zone)).isTrue();
  }
}
