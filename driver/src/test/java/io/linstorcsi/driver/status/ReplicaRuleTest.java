package io.linstorcsi.driver.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplicaRuleTest {
  private static List<Finding> check(Fixture f) {
    return new ReplicaRule().check(f.snapshot(), new RuleSettings(90, Fixture.NOW));
  }

  @Test
  void upToDateReplicas_areNotReported() {
    assertThat(check(Fixture.healthy())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Outdated", "Inconsistent", "Failed", "DUnknown", "Consistent"})
  void diskNotUpToDate_isAWarningWhileAnotherReplicaIsUpToDate(String state) {
    Fixture f = Fixture.healthy();
    f.replica("pvc-1", "node-b").disk(state);

    assertThat(check(f))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.severity()).isEqualTo(Severity.WARNING);
              assertThat(finding.object()).isEqualTo("resource pvc-1 on node-b");
              assertThat(finding.resource()).isEqualTo("pvc-1");
              assertThat(finding.reason()).startsWith("disk " + state + ": ");
              assertThat(finding.action()).isNotBlank();
            });
  }

  @Test
  void noUpToDateReplicaLeft_makesEachBadDiskAnError() {
    Fixture f = Fixture.healthy();
    f.replica("pvc-1", "node-a").disk("Inconsistent");
    f.replica("pvc-1", "node-b").disk("Outdated");
    f.replica("pvc-1", "node-c").disk("Outdated");

    assertThat(check(f)).hasSize(3).allMatch(x -> x.severity() == Severity.ERROR);
  }

  @Test
  void outdated_explainsThatDrbdResyncsOnceConnected() {
    Fixture f = Fixture.healthy();
    f.replica("pvc-1", "node-c").disk("Outdated");

    Finding finding = check(f).getFirst();
    assertThat(finding.reason())
        .isEqualTo("disk Outdated: this copy missed writes and is not used for reads");
    assertThat(finding.action()).contains("drbdadm status pvc-1' on node-c");
  }

  @Test
  void disklessReplicaThatShouldHoldData_isADetachedDisk() {
    Fixture f = Fixture.healthy();
    f.replica("pvc-1", "node-b").disk("Diskless");

    assertThat(check(f))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.reason()).contains("detached on a node that should hold data");
              assertThat(finding.action()).contains("drbdadm attach pvc-1");
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"DISKLESS", "DRBD_DISKLESS", "TIE_BREAKER"})
  void disklessByIntent_isNormal(String flag) {
    Fixture f = Fixture.healthy().resource("pvc-2", "sc-3", "node-a", "node-b", "node-c");
    f.replica("pvc-2", "node-c").flags(flag).disk("Diskless");

    assertThat(check(f)).isEmpty();
  }

  @Test
  void severalVolumes_nameTheAbnormalOnes() {
    Fixture f = Fixture.healthy();
    f.replica("pvc-1", "node-b").disk("UpToDate", "Outdated", "Outdated");

    assertThat(check(f))
        .singleElement()
        .extracting(Finding::reason)
        .asString()
        .startsWith("volume(s) 1,2 Outdated");
  }

  @Test
  void replicaOnOfflineNode_hasUnknownStateAndIsAWarningWhileOthersAreUpToDate() {
    Fixture f = Fixture.healthy().offline("node-c", null);

    assertThat(check(f))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.severity()).isEqualTo(Severity.WARNING);
              assertThat(finding.object()).isEqualTo("resource pvc-1 on node-c");
              assertThat(finding.reason()).isEqualTo("state unknown: node node-c is OFFLINE");
            });
  }

  @Test
  void replicaOnOfflineNodeWithoutAnyGoodCopyElsewhere_isAnError() {
    Fixture f = Fixture.healthy().offline("node-c", null);
    f.replica("pvc-1", "node-a").disk("Outdated");
    f.replica("pvc-1", "node-b").disk("Outdated");

    assertThat(check(f))
        .filteredOn(x -> x.node().equals("node-c"))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.severity()).isEqualTo(Severity.ERROR);
              assertThat(finding.action()).contains("no other replica reports UpToDate data");
            });
  }

  @Test
  void replicaWithoutStateOnAnOnlineNode_isAWarning() {
    Fixture f = Fixture.healthy();
    f.replica("pvc-1", "node-b").stateReported = false;

    assertThat(check(f))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.severity()).isEqualTo(Severity.WARNING);
              assertThat(finding.object()).isEqualTo("resource pvc-1 on node-b");
              assertThat(finding.reason()).startsWith("no state reported");
            });
  }

  @Test
  void replicaBeingDeleted_isNotJudged() {
    Fixture f = Fixture.healthy();
    f.replica("pvc-1", "node-b").flags("DELETE").disk("Outdated");

    assertThat(check(f)).isEmpty();
  }

  @Test
  void storageOnlyResources_haveNoDiskStateToJudge() {
    Fixture f = Fixture.healthy().resource("plain", "DfltRscGrp", "node-a");
    f.replica("plain", "node-a").drbd = false;

    assertThat(check(f)).isEmpty();
  }
}
