package io.linstorcsi.controller.params;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemoteAccessPolicyTest {
  private static final Map<String, String> NODE_A =
      Map.of(TopologyKeys.HOSTNAME, "a", "zone", "z1", "rack", "r1");

  @Test
  void anywhere_givesOneEmptyPattern() {
    assertThat(RemoteAccessPolicy.ANYWHERE.accessibleSegments(NODE_A)).containsExactly(Map.of());
    assertThat(RemoteAccessPolicy.ANYWHERE.allowsAnywhere()).isTrue();
  }

  @Test
  void localOnly_givesTheHostname() {
    assertThat(RemoteAccessPolicy.LOCAL_ONLY.accessibleSegments(NODE_A))
        .containsExactly(Map.of(TopologyKeys.HOSTNAME, "a"));
    assertThat(RemoteAccessPolicy.LOCAL_ONLY.isLocalOnly()).isTrue();
  }

  @Test
  void fromSameRules_areCopiedFromTheSegmentsAndPruned() {
    RemoteAccessPolicy p =
        RemoteAccessPolicy.parse("- fromSame: [zone]\n- fromSame: [zone, rack]\n").orElseThrow();
    assertThat(p.accessibleSegments(NODE_A)).containsExactly(Map.of("zone", "z1"));
    assertThat(p.isLocalOnly()).isFalse();
  }

  @Test
  void prune_keepsBroadestPatterns() {
    assertThat(
            RemoteAccessPolicy.prune(
                List.of(Map.of("a", "1", "b", "1"), Map.of("a", "1"), Map.of("a", "2"))))
        .containsExactly(Map.of("a", "1"), Map.of("a", "2"));
  }

  @Test
  void toWire_roundTripsThroughParse() {
    RemoteAccessPolicy p =
        RemoteAccessPolicy.parse("[{fromSame: [zone, rack]}, {fromSame: []}]").orElseThrow();
    assertThat(RemoteAccessPolicy.parse(p.toWire())).contains(p);
    assertThat(RemoteAccessPolicy.ANYWHERE.toWire()).isEqualTo("true");
    assertThat(RemoteAccessPolicy.LOCAL_ONLY.toWire()).isEqualTo("false");
  }
}
