package io.linstorcsi.driver.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaCountRuleTest {
  private static List<Finding> check(Fixture f) {
    return new ReplicaCountRule().check(f.snapshot(), new RuleSettings(90, Fixture.NOW));
  }

  @Test
  void asManyDiskfulReplicasAsThePlaceCount_isFine() {
    assertThat(check(Fixture.healthy())).isEmpty();
  }

  @Test
  void fewerDiskfulReplicas_isAWarningWithAutoPlace() {
    Fixture f = Fixture.healthy().resource("pvc-2", "sc-3", "node-a", "node-b");

    assertThat(check(f))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.severity()).isEqualTo(Severity.WARNING);
              assertThat(finding.object()).isEqualTo("resource pvc-2");
              assertThat(finding.reason())
                  .isEqualTo("2 diskful replica(s), resource group sc-3 asks for 3");
              assertThat(finding.action()).contains("linstor resource-definition auto-place pvc-2");
            });
  }

  @Test
  void tieBreakersAndDisklessClients_doNotCount() {
    Fixture f = Fixture.healthy().resource("pvc-2", "sc-3", "node-a", "node-b", "node-c");
    f.replica("pvc-2", "node-c").flags("DISKLESS", "DRBD_DISKLESS", "TIE_BREAKER").disk("Diskless");

    assertThat(check(f)).singleElement().extracting(Finding::resource).isEqualTo("pvc-2");
  }

  @Test
  void replicasOnOfflineNodesStillCount() {
    assertThat(check(Fixture.healthy().offline("node-c", null))).isEmpty();
  }

  @Test
  void groupWithoutPlaceCount_isNotJudged() {
    Fixture f = Fixture.healthy().resource("pvc-2", "DfltRscGrp", "node-a");

    assertThat(check(f)).isEmpty();
  }

  @Test
  void definitionWithoutReplicas_isReported() {
    Fixture f = Fixture.healthy().resource("pvc-2", "sc-3");

    assertThat(check(f)).singleElement().extracting(Finding::reason).asString().startsWith("0 ");
  }
}
