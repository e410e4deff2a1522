package io.linstorcsi.driver.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class QuorumRuleTest {
  private static List<Finding> check(Fixture f) {
    return new QuorumRule().check(f.snapshot(), new RuleSettings(90, Fixture.NOW));
  }

  private static Fixture unused() {
    Fixture f = Fixture.healthy();
    f.replica("pvc-1", "node-a").inUse = false;
    for (String n : List.of("node-a", "node-b", "node-c")) {
      f.replica("pvc-1", n).mayPromote(true);
    }
    return f;
  }

  @Test
  void unusedResourceThatMayBePromoted_isFine() {
    assertThat(check(unused())).isEmpty();
  }

  @Test
  void primaryElsewhere_explainsWhyOthersMayNotPromote() {
    // healthy(): node-a is Primary, node-b and node-c report may_promote false
    assertThat(check(Fixture.healthy())).isEmpty();
  }

  @Test
  void noReplicaMayPromoteAndNoneInUse_isNoQuorum() {
    Fixture f = unused();
    for (String n : List.of("node-a", "node-b", "node-c")) {
      f.replica("pvc-1", n).mayPromote(false);
    }

    assertThat(check(f))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.severity()).isEqualTo(Severity.ERROR);
              assertThat(finding.object()).isEqualTo("resource pvc-1");
              assertThat(finding.reason()).startsWith("no quorum");
            });
  }

  @Test
  void oneReplicaThatMayStillPromote_isEnough() {
    Fixture f = unused();
    f.replica("pvc-1", "node-a").mayPromote(false);
    f.replica("pvc-1", "node-b").mayPromote(false);

    assertThat(check(f)).isEmpty();
  }

  @Test
  void onlyReportingReplicasCount() {
    // node-c is offline: it cannot help; the two left refuse promotion
    Fixture f = unused().offline("node-c", null);
    f.replica("pvc-1", "node-a").mayPromote(false);
    f.replica("pvc-1", "node-b").mayPromote(false);

    assertThat(check(f)).hasSize(1);
  }

  @Test
  void nothingReported_isNotJudged() {
    Fixture f = unused().offline("node-a", null).offline("node-b", null).offline("node-c", null);

    assertThat(check(f)).isEmpty();
  }
}
