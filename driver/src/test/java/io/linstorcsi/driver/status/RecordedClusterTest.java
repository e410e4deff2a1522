package io.linstorcsi.driver.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules on what a real LINSTOR with real DRBD 9 reported (linstor-drbd-recordings): two
 * satellites, resources placed twice, LINSTOR unable to add a tie-breaker.
 */
class RecordedClusterTest {
  private static List<Finding> findingsAt(int seq) {
    return HealthRules.evaluate(
        DrbdRecordings.snapshotAt(seq),
        new RuleSettings(90, Instant.parse("2026-12-01T00:00:00Z")));
  }

  private static List<String> reasons(int seq) {
    return findingsAt(seq).stream().map(f -> f.object() + ": " + f.reason()).toList();
  }

  @Test
  void spawnAnsweredDuringTheInitialSync_saysHowFarAndThatOneCopyIsLeft() {
    // 02 seq 12: drbd-b SyncTarget(44.14%), drbd-a SyncSource at 43.95%
    assertThat(findingsAt(12))
        .filteredOn(f -> f.reason().startsWith("resync"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.WARNING);
              assertThat(f.object()).isEqualTo("resource rec-a on drbd-b");
              assertThat(f.reason())
                  .isEqualTo("resync to drbd-b 44.1% done: one UpToDate copy only");
              assertThat(f.action()).contains("drbd-a holds the only complete copy");
            });
  }

  @Test
  void resyncBeforeTheFirstProgress_isNotCalledAnInconsistentDisk() {
    // 08 seq 156: drbd-b Inconsistent with replication SyncTarget, drbd-a SyncSource 0.0%
    assertThat(reasons(156))
        .contains("resource rec-e on drbd-b: resync to drbd-b 0.0% done: one UpToDate copy only")
        .noneMatch(r -> r.contains("Inconsistent"));
  }

  @Test
  void theSourcesFigure_countsWhenItIsAhead() {
    // 08 seq 166: target says 50.00%, the source 50.11%
    assertThat(reasons(166))
        .contains("resource rec-e on drbd-b: resync to drbd-b 50.1% done: one UpToDate copy only");
  }

  @Test
  void afterTheResync_noResyncIsReported_evenWithAStaleFigureOnTheSource() {
    // 08 seq 167: Established both ways, drbd-a still carries done_percentage 50.11
    assertThat(reasons(167)).noneMatch(r -> r.contains("resync"));
  }

  @Test
  void twoReplicasWithoutTieBreaker_areFlaggedAsUnableToHaveQuorum() {
    // 03-healthy: rec-a Connected and UpToDate on drbd-a and drbd-b, nothing else wrong
    assertThat(findingsAt(69))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.WARNING);
              assertThat(f.object()).isEqualTo("resource rec-a");
              assertThat(f.reason())
                  .isEqualTo(
                      "no quorum possible: 2 replicas (drbd-a and drbd-b) and no tie-breaker; only"
                          + " quorum prevents a split brain during a network partition");
            });
  }

  @Test
  void disconnectOnThePrimary_isToldApartFromSplitBrain() {
    // 09 seq 185: drbdadm disconnect on the Primary drbd-a: StandAlone there, drbd-b Outdated
    assertThat(findingsAt(185))
        .filteredOn(f -> f.object().equals("resource rec-f between drbd-a and drbd-b"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.WARNING);
              assertThat(f.reason()).doesNotContain("split brain");
              assertThat(f.reason())
                  .isEqualTo(
                      "StandAlone: disconnected on purpose (drbdadm disconnect on drbd-a), drbd-b"
                          + " is Outdated");
              assertThat(f.action()).contains("'drbdadm connect rec-f' on drbd-a");
            });
  }
}
