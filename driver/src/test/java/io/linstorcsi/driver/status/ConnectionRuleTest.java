package io.linstorcsi.driver.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionRuleTest {
  private static List<Finding> check(Fixture f) {
    return new ConnectionRule().check(f.snapshot(), new RuleSettings(90, Fixture.NOW));
  }

  @Test
  void connectedPeers_areNotReported() {
    assertThat(check(Fixture.healthy())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Connecting", "Unconnected", "NetworkFailure", "BrokenPipe", "Timeout"})
  void disconnectedPair_isOneWarningForBothSides(String state) {
    Fixture f = Fixture.healthy().connection("pvc-1", "node-b", "node-a", state);

    assertThat(check(f))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.severity()).isEqualTo(Severity.WARNING);
              assertThat(finding.object()).isEqualTo("resource pvc-1 between node-a and node-b");
              assertThat(finding.resource()).isEqualTo("pvc-1");
              assertThat(finding.reason()).startsWith(state + ": ");
              assertThat(finding.action()).contains("network between node-a and node-b");
            });
  }

  @Test
  void standAloneWithBothSidesUpToDate_namesSplitBrainAndUnrelatedDataAndTheLogLinesThatDecide() {
    // what a restore whose replicas never shared DRBD history looks like: StandAlone on one side,
    // Connecting on the other, both copies UpToDate; a split brain looks the same in LINSTOR
    Fixture f = Fixture.healthy();
    f.replica("pvc-1", "node-a").peers.put("node-c", "StandAlone");
    f.replica("pvc-1", "node-c").peers.put("node-a", "Connecting");

    assertThat(check(f))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.severity()).isEqualTo(Severity.ERROR);
              assertThat(finding.reason())
                  .isEqualTo(
                      "StandAlone: split brain, unrelated data (replicas without shared history,"
                          + " e.g. after a restore or clone) or a manual disconnect; LINSTOR's view"
                          + " cannot tell which")
                  .doesNotContain("possible split brain");
              assertThat(finding.action())
                  .contains("kernel log of node-a and node-c")
                  .contains("'Split-Brain detected'")
                  .contains("'Unrelated data, aborting'")
                  .contains("docs/split-brain.md");
            });
  }

  @Test
  void standAloneWithTheOtherSideOutdated_isAManualDisconnectWarning() {
    Fixture f = Fixture.healthy();
    f.replica("pvc-1", "node-a").peers.put("node-b", "StandAlone");
    f.replica("pvc-1", "node-b").peers.put("node-a", "Connecting");
    f.replica("pvc-1", "node-b").disk("Outdated");

    assertThat(check(f))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.severity()).isEqualTo(Severity.WARNING);
              assertThat(finding.reason())
                  .isEqualTo(
                      "StandAlone: disconnected on purpose (drbdadm disconnect on node-a), node-b"
                          + " is Outdated");
            });
  }

  @Test
  void standAloneWithPrimaryOnBothSides_isSplitBrainForCertain() {
    Fixture f = Fixture.healthy().connection("pvc-1", "node-a", "node-b", "StandAlone");
    f.replica("pvc-1", "node-b").inUse = true;

    assertThat(check(f))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.severity()).isEqualTo(Severity.ERROR);
              assertThat(finding.reason()).startsWith("StandAlone with Primary on both sides");
            });
  }

  @Test
  void disklessPrimaryCutOffFromItsData_isLeftToTheDataAccessRule() {
    Fixture f = DataAccessRuleTest.disklessPrimaryOnNodeC();
    f.connection("pvc-1", "node-c", "node-a", "Connecting");
    f.connection("pvc-1", "node-c", "node-b", "Connecting");

    assertThat(check(f)).isEmpty();
  }

  @Test
  void peerOnAnOfflineNode_isLeftToTheReplicaRule() {
    Fixture f = Fixture.healthy().offline("node-c", null);
    f.replica("pvc-1", "node-a").peers.put("node-c", "Connecting");
    f.replica("pvc-1", "node-b").peers.put("node-c", "Connecting");

    assertThat(check(f)).isEmpty();
  }

  @Test
  void everyPairOfASplitBrain_isNamed() {
    Fixture f =
        Fixture.healthy()
            .connection("pvc-1", "node-a", "node-b", "StandAlone")
            .connection("pvc-1", "node-a", "node-c", "StandAlone")
            .connection("pvc-1", "node-b", "node-c", "StandAlone");

    assertThat(check(f))
        .extracting(Finding::object)
        .containsExactly(
            "resource pvc-1 between node-a and node-b",
            "resource pvc-1 between node-a and node-c",
            "resource pvc-1 between node-b and node-c");
  }
}
