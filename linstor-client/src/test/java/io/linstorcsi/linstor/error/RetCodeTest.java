package io.linstorcsi.linstor.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The code table against every ret_code a real controller returned (ret-codes.tsv). */
class RetCodeTest {

  record Row(long retCode, String severity, String constName, int httpStatus, String example) {
    @Override
    public String toString() {
      return retCode + " " + constName + " (" + example + ")";
    }
  }

  static Stream<Row> rows() throws IOException {
    Path tsv =
        Path.of(
                System.getProperty(
                    "linstor.recordings", "../../shared/reference/linstor-recordings"))
            .resolve("ret-codes.tsv");
    List<String> lines = Files.readAllLines(tsv);
    return lines.stream()
        .skip(1)
        .filter(l -> !l.isBlank())
        .map(l -> l.split("\t"))
        .map(f -> new Row(Long.parseLong(f[0]), f[1], f[5], Integer.parseInt(f[9]), f[10]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void everyRecordedCode_hasItsLinstorNameAndSeverity(Row row) {
    RetCode.Severity severity = RetCode.Severity.of(row.retCode());
    assertThat(severity.name()).isEqualTo(row.severity());
    if (row.constName().equals("-")) {
      // success entries with code 0 or 9 have no constant in LINSTOR either
      assertThat(RetCode.of(row.retCode())).isEmpty();
    } else {
      assertThat(RetCode.of(row.retCode())).map(Enum::name).hasValue(row.constName());
      assertThat(RetCode.of(row.retCode()).orElseThrow().severity()).isEqualTo(severity);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void everyRecordedErrorCode_hasAKind_andOthersHaveNone(Row row) {
    RetCode.of(row.retCode())
        .ifPresent(
            code -> {
              if (code.severity() == RetCode.Severity.ERROR) {
                assertThat(code.kind()).isNotEqualTo(RetCode.Kind.NONE);
              } else {
                assertThat(code.kind()).isEqualTo(RetCode.Kind.NONE);
              }
            });
  }

  @Test
  void lookup_ignoresOperationAndObjectBits() {
    long plain = ApiCallRc.MASK_ERROR | 300;
    long withMasks = ApiCallRc.MASK_ERROR | 0x2000000L | 0x3C0000L | 300;
    assertThat(RetCode.of(plain)).hasValue(RetCode.FAIL_NOT_FOUND_NODE);
    assertThat(RetCode.of(withMasks)).hasValue(RetCode.FAIL_NOT_FOUND_NODE);
    assertThat(RetCode.FAIL_NOT_FOUND_NODE.code()).isEqualTo(300);
    assertThat(RetCode.of(ApiCallRc.MASK_WARN | 300)).isEmpty();
  }

  @Test
  void specialConstants_matchOnlyAsAWhole() {
    long parseError = -3458764513820540931L;
    assertThat(RetCode.of(parseError)).hasValue(RetCode.API_CALL_PARSE_ERROR);
    // the same low bits inside an ordinary error are not the parse error
    assertThat(RetCode.of(ApiCallRc.MASK_ERROR | 0x7FFD)).isEmpty();
    assertThat(ApiCallRc.of(parseError, "x").codeName()).isEqualTo("API_CALL_PARSE_ERROR");
    assertThat(ApiCallRc.of(ApiCallRc.MASK_ERROR | 4321, "x").codeName()).isEqualTo("code 4321");
  }

  @Test
  void table_hasNoDuplicateNames_andCoversEveryFailureFamily() {
    assertThat(RetCode.values()).extracting(Enum::name).doesNotHaveDuplicates();
    assertThat(RetCode.FAIL_EXISTS_RSC_DFN.kind()).isEqualTo(RetCode.Kind.EXISTS);
    assertThat(RetCode.FAIL_IN_USE.kind()).isEqualTo(RetCode.Kind.IN_USE);
    assertThat(RetCode.FAIL_NOT_ENOUGH_FREE_SPACE.kind()).isEqualTo(RetCode.Kind.NO_SPACE);
    assertThat(RetCode.FAIL_NOT_CONNECTED.kind()).isEqualTo(RetCode.Kind.UNAVAILABLE);
    assertThat(RetCode.FAIL_ACC_DENIED_RSC.kind()).isEqualTo(RetCode.Kind.OTHER);
  }
}
