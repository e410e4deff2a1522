package io.linstorcsi.driver.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NodeRuleTest {
  private static List<Finding> check(Fixture f) {
    return new NodeRule().check(f.snapshot(), new RuleSettings(90, Fixture.NOW));
  }

  @Test
  void onlineNodes_areNotReported() {
    assertThat(check(Fixture.healthy())).isEmpty();
  }

  @Test
  void offlineNode_isAnErrorNamingItsResourcesAndThePlannedEviction() {
    long inAnHour = Fixture.NOW.plusSeconds(3600).toEpochMilli();
    Fixture f = Fixture.healthy().offline("node-c", inAnHour);

    assertThat(check(f))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.severity()).isEqualTo(Severity.ERROR);
              assertThat(finding.object()).isEqualTo("node node-c");
              assertThat(finding.node()).isEqualTo("node-c");
              assertThat(finding.reason())
                  .startsWith("OFFLINE: satellite not connected")
                  .contains("1 resource(s) on it report no state")
                  .contains("LINSTOR evicts it at 2026-03-01T13:00:00Z");
              assertThat(finding.action()).contains("satellite on node-c");
            });
  }

  @Test
  void offlineNodePastItsEvictionTime_saysTheEvictionIsDue() {
    long anHourAgo = Fixture.NOW.minusSeconds(3600).toEpochMilli();
    Fixture f = Fixture.healthy().offline("node-b", anHourAgo);

    assertThat(check(f).getFirst().reason()).contains("eviction due since 2026-03-01T11:00:00Z");
  }

  @Test
  void evictedNode_isAnErrorWithRestoreAsTheAction() {
    Fixture f = Fixture.healthy();
    f.nodes.put("node-b", Fixture.node("node-b", "OFFLINE", null, List.of("EVICTED")));

    assertThat(check(f))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.reason()).startsWith("evicted");
              assertThat(finding.action()).contains("linstor node restore node-b");
            });
  }

  @Test
  void versionMismatch_asksForTheControllersVersion() {
    Fixture f = Fixture.healthy();
    f.nodes.put("node-a", Fixture.node("node-a", "VERSION_MISMATCH", null, List.of()));

    assertThat(check(f))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.reason()).startsWith("VERSION_MISMATCH");
              assertThat(finding.action()).contains("controller's LINSTOR version");
            });
  }
}
