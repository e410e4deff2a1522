package io.linstorcsi.driver.status;

import static io.linstorcsi.driver.status.Fixture.GIB;
import static org.assertj.core.api.Assertions.assertThat;

import io.linstorcsi.linstor.error.ApiCallRc;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PoolRuleTest {
  private static List<Finding> check(Fixture f, int threshold) {
    return new PoolRule().check(f.snapshot(), new RuleSettings(threshold, Fixture.NOW));
  }

  private static Fixture withPool(long freeKib, long totalKib, ApiCallRc... reports) {
    Fixture f = Fixture.healthy();
    f.pools.clear();
    f.pools.add(Fixture.pool("node-a", "sp1", freeKib, totalKib, reports));
    f.pools.add(Fixture.disklessPool("node-a"));
    return f;
  }

  @Test
  void poolsWithRoomAndDisklessPools_areNotReported() {
    assertThat(check(Fixture.healthy(), 90)).isEmpty();
  }

  @ParameterizedTest(name = "{0} KiB free of 100 with threshold {1}% -> reported: {2}")
  @CsvSource({"11, 90, false", "10, 90, true", "9, 90, true", "50, 50, true", "51, 50, false"})
  void poolAtOrAboveTheThreshold_isAWarning(long free, int threshold, boolean reported) {
    List<Finding> findings = check(withPool(free, 100), threshold);
    if (reported) {
      assertThat(findings)
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.severity()).isEqualTo(Severity.WARNING);
                assertThat(f.object()).isEqualTo("storage pool sp1 on node-a");
                assertThat(f.reason()).contains("used (threshold " + threshold + "%)");
              });
    } else {
      assertThat(findings).isEmpty();
    }
  }

  @Test
  void poolWithNoFreeSpace_isAnErrorSayingFull() {
    assertThat(check(withPool(0, 20 * GIB), 90))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.ERROR);
              assertThat(f.reason()).startsWith("full");
              assertThat(f.action()).contains("delete unused volumes or snapshots");
            });
  }

  @Test
  void reasonShowsFreeAndTotalInBinaryUnits() {
    assertThat(check(withPool(1 * GIB, 20 * GIB), 90).getFirst().reason())
        .isEqualTo("95% used (threshold 90%): 1.0 GiB free of 20.0 GiB");
  }

  @Test
  void errorReportOfThePool_isReportedWithLinstorsCorrection() {
    ApiCallRc error =
        new ApiCallRc(
            ApiCallRc.MASK_ERROR | 4,
            "Volume group 'vg1' not found",
            null,
            null,
            "Create the volume group",
            null,
            null,
            null);
    ApiCallRc info = ApiCallRc.of(ApiCallRc.MASK_INFO | 1, "all fine");

    assertThat(check(withPool(18 * GIB, 20 * GIB, error, info), 90))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.ERROR);
              assertThat(f.reason()).isEqualTo("reports: Volume group 'vg1' not found");
              assertThat(f.action()).isEqualTo("Create the volume group");
            });
  }

  @Test
  void reportsOfPoolsOnOfflineNodes_areLeftToTheNodeRule() {
    ApiCallRc notConnected =
        ApiCallRc.of(ApiCallRc.MASK_WARN | 1002, "No active connection to satellite 'node-a'");
    Fixture f = withPool(18 * GIB, 20 * GIB, notConnected).offline("node-a", null);

    assertThat(check(f, 90)).isEmpty();
  }

  @Test
  void usedPercent_isUnknownForPoolsWithoutCapacity() {
    assertThat(PoolRule.usedPercent(Fixture.disklessPool("node-a"))).isNull();
    assertThat(PoolRule.usedPercent(Fixture.pool("node-a", "sp1", 0, 0))).isNull();
    assertThat(PoolRule.usedPercent(Fixture.pool("node-a", "sp1", 25, 100))).isEqualTo(75.0);
  }
}
