package io.linstorcsi.driver.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.linstorcsi.linstor.model.ResourceDefinition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TieBreakerRuleTest {
  private static List<Finding> check(Fixture f) {
    return new TieBreakerRule().check(f.snapshot(), new RuleSettings(90, Fixture.NOW));
  }

  @Test
  void threeReplicas_canHaveQuorum() {
    assertThat(check(Fixture.healthy())).isEmpty();
  }

  @Test
  void twoDiskfulReplicasAndNothingElse_cannotHaveQuorum() {
    Fixture f = Fixture.healthy().resource("pvc-2", "sc-3", "node-a", "node-b");

    assertThat(check(f))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.severity()).isEqualTo(Severity.WARNING);
              assertThat(finding.object()).isEqualTo("resource pvc-2");
              assertThat(finding.reason())
                  .startsWith(
                      "no quorum possible: 2 replicas (node-a and node-b) and no tie-breaker")
                  .contains("only quorum prevents a split brain during a network partition");
              assertThat(finding.action()).contains("third LINSTOR satellite");
            });
  }

  @Test
  void twoDiskfulReplicasWithATieBreaker_canHaveQuorum() {
    Fixture f = Fixture.healthy().resource("pvc-2", "sc-3", "node-a", "node-b", "node-c");
    f.replica("pvc-2", "node-c").flags("TIE_BREAKER").disk("Diskless");

    assertThat(check(f)).isEmpty();
  }

  @Test
  void oneDiskfulReplicaWithADisklessClient_hasNothingToSplit() {
    Fixture f = Fixture.healthy().resource("pvc-2", "sc-3", "node-a", "node-b");
    f.replica("pvc-2", "node-b").flags("DRBD_DISKLESS").disk("Diskless");

    assertThat(check(f)).isEmpty();
  }

  @Test
  void quorumSwitchedOffOnTheDefinition_isReportedEvenWithThreeReplicas() {
    Fixture f = Fixture.healthy();
    f.definitions.clear();
    f.definitions.add(
        new ResourceDefinition(
            "pvc-1",
            null,
            Map.of(TieBreakerRule.QUORUM_PROP, "off"),
            null,
            null,
            null,
            "sc-3",
            null));

    assertThat(check(f))
        .singleElement()
        .extracting(Finding::reason)
        .asString()
        .startsWith("DrbdOptions/Resource/quorum is off");
  }
}
