package io.linstorcsi.driver.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DataAccessRuleTest {
  /** pvc-1 with data on node-a and node-b, used from node-c through a diskless replica. */
  static Fixture disklessPrimaryOnNodeC() {
    Fixture f = Fixture.healthy();
    f.replica("pvc-1", "node-a").inUse = false;
    f.replica("pvc-1", "node-c").flags("DRBD_DISKLESS").disk("Diskless").inUse = true;
    return f;
  }

  private static List<Finding> check(Fixture f) {
    return new DataAccessRule().check(f.snapshot(), new RuleSettings(90, Fixture.NOW));
  }

  @Test
  void disklessPrimaryConnectedToUpToDatePeers_isFine() {
    assertThat(check(disklessPrimaryOnNodeC())).isEmpty();
  }

  @Test
  void disklessPrimaryWithOneOfTwoPeersLeft_isFine() {
    Fixture f = disklessPrimaryOnNodeC().connection("pvc-1", "node-c", "node-a", "Connecting");

    assertThat(check(f)).isEmpty();
  }

  @Test
  void disklessPrimaryThatLostItsOnlyUpToDatePeer_isAnErrorSayingTheDataIsUnreachable() {
    // node-b still answers, but its copy is not UpToDate: it cannot serve reads
    Fixture f = disklessPrimaryOnNodeC().connection("pvc-1", "node-c", "node-a", "Connecting");
    f.replica("pvc-1", "node-b").disk("Outdated");

    assertThat(check(f))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.severity()).isEqualTo(Severity.ERROR);
              assertThat(finding.object()).isEqualTo("resource pvc-1 on node-c");
              assertThat(finding.reason())
                  .isEqualTo(
                      "diskless Primary lost its only UpToDate peer (node-a, node-b): I/O fails,"
                          + " the application has no access to its data");
              assertThat(finding.action()).doesNotContain("reconnects by itself");
            });
  }

  @Test
  void inTheWholeReport_theCutIsAnErrorAndNotAReconnectingWarning() {
    Fixture f = disklessPrimaryOnNodeC();
    f.connection("pvc-1", "node-c", "node-a", "Connecting");
    f.connection("pvc-1", "node-c", "node-b", "Connecting");

    assertThat(f.findings())
        .filteredOn(x -> "node-c".equals(x.node()) || x.object().contains("node-c"))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.severity()).isEqualTo(Severity.ERROR);
              assertThat(finding.reason()).contains("the application has no access to its data");
            });
  }

  @Test
  void disklessSecondary_isNotJudged() {
    Fixture f = disklessPrimaryOnNodeC();
    f.replica("pvc-1", "node-c").inUse = false;
    f.connection("pvc-1", "node-c", "node-a", "Connecting");
    f.connection("pvc-1", "node-c", "node-b", "Connecting");

    assertThat(check(f)).isEmpty();
  }
}
