package io.linstorcsi.controller.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.linstorcsi.common.CsiError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CapacityRangeTest {

  @ParameterizedTest(name = "{0} bytes, limit {1}, fs ''{2}'' -> {3}")
  @CsvSource({
    "0, 0, '', 4096",
    "1, 0, '', 4096",
    "5000, 0, '', 5120",
    "1073741824, 0, ext4, 1073741824",
    "1, 0, ext4, 2097152",
    "1, 0, xfs, 314572800",
    "314572801, 0, xfs, 314573824",
    "1025, 4096, '', 4096"
  })
  void allocationBytes_roundsUpToKibAndFileSystemMinimum(
      long required, long limit, String fs, long expected) {
    assertThat(new CapacityRange(required, limit).allocationBytes(fs)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"1, 1000, ''", "1, 1048576, xfs", "1025, 1030, ''"})
  void allocationBytes_aboveLimit_isOutOfRange(long required, long limit, String fs) {
    assertThatThrownBy(() -> new CapacityRange(required, limit).allocationBytes(fs))
        .isInstanceOfSatisfying(
            CsiError.class, e -> assertThat(e.code()).isEqualTo(Status.Code.OUT_OF_RANGE));
  }

  @ParameterizedTest
  @CsvSource({"10, 5", "-1, 0"})
  void invalidRanges_areRejected(long required, long limit) {
    assertThatThrownBy(() -> new CapacityRange(required, limit)).isInstanceOf(CsiError.class);
  }

  @ParameterizedTest
  @CsvSource({"100, 0, 100, true", "100, 0, 99, false", "100, 200, 201, false", "0, 0, 1, true"})
  void accepts_checksBothEnds(long required, long limit, long size, boolean ok) {
    assertThat(new CapacityRange(required, limit).accepts(size)).isEqualTo(ok);
  }
}
