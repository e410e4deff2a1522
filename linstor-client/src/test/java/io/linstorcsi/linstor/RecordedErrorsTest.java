package io.linstorcsi.linstor;

import static org.assertj.core.api.Assertions.assertThat;

import io.linstorcsi.linstor.Recordings.Exchange;
import io.linstorcsi.linstor.error.ErrorMapper;
import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.model.MaxVolumeSizes;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every recorded answer of a real controller maps to the right outcome: success or which failure.
 */
class RecordedErrorsTest {

  /** Recorded failures and the exception each must become; every other record is a success. */
  private static final Map<Integer, String> EXPECTED = new TreeMap<>();

  static {
    for (int seq :
        List.of(
            11, 16, 17, 23, 35, 36, 41, 48, 63, 77, 80, 90, 91, 95, 101, 104, 114, 131, 132, 134,
            142, 145, 160, 168, 177, 178, 182, 193, 194, 195, 198, 214, 223, 228, 229, 230, 231,
            232, 234, 235, 237, 238, 241, 278, 280, 314, 317)) {
      EXPECTED.put(seq, "NotFound");
    }
    for (int seq : List.of(28, 29, 39, 50, 59, 70, 99, 175, 192)) {
      EXPECTED.put(seq, "AlreadyExists");
    }
    // delete of a group that has definitions, of a definition that has snapshots
    for (int seq : List.of(65, 203)) {
      EXPECTED.put(seq, "InUse");
    }
    for (int seq :
        List.of(
            24, 33, 62, 71, 72, 73, 74, 75, 76, 89, 130, 176, 179, 201, 227, 233, 236, 325, 327,
            328)) {
      EXPECTED.put(seq, "Invalid");
    }
    // FAIL_NOT_ENOUGH_NODES: Invalid from the answer alone; see placementFailures_* below
    for (int seq : List.of(138, 245, 249, 258)) {
      EXPECTED.put(seq, "Invalid");
    }
    EXPECTED.put(246, "InsufficientSpace"); // explicit create over the thin limit
    // routing errors: wrong method
    EXPECTED.put(274, "Other");
    EXPECTED.put(281, "Other");
  }

  static Stream<Exchange> records() {
    return Recordings.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("records")
  void recordedAnswer_mapsToTheExpectedOutcome(Exchange e) {
    LinstorException mapped = map(e);
    String expected = EXPECTED.getOrDefault(e.seq(), "success");
    String actual = mapped == null ? "success" : mapped.getClass().getSimpleName();
    assertThat(actual).as("%s", e).isEqualTo(expected);
    if (mapped != null) {
      assertThat(mapped.httpStatus()).isEqualTo(e.status());
      assertThat(mapped.firstError()).as("LINSTOR's own message is kept").isNotNull();
      assertThat(mapped.getMessage()).contains(mapped.firstError().message());
    }
  }

  @Test
  void everyFailureOfTheTable_isARecordedFailure() {
    assertThat(EXPECTED.keySet())
        .allSatisfy(seq -> assertThat(map(Recordings.seq(seq))).as("#%s", seq).isNotNull());
    assertThat(EXPECTED).hasSize(85);
  }

  /**
   * FAIL_NOT_ENOUGH_NODES with the pools' answer to query-max-volume-size for the same rules: a
   * qualifying set of pools means the space ran out; none means too few nodes.
   */
  @ParameterizedTest(name = "#{0} -> {1}")
  @CsvSource({
    // 100 GiB autoplace on 2 GiB thin pools; query-max-volume-size finds node-a+node-b (#273)
    "245, InsufficientSpace, 273",
    // 40 GiB spawn by the group's rules (place_count 2, sp1): the same pools qualify
    "249, InsufficientSpace, 273",
    // place_count 5 on three nodes: no set of five pools exists
    "138, Invalid, 0",
    // place_count 3 with node-c offline: no set of three online pools exists
    "258, Invalid, 0",
  })
  void placementFailures_areSpaceOnlyWhenPoolsQualify(int seq, String expected, int probeSeq)
      throws IOException {
    MaxVolumeSizes probe =
        probeSeq == 0
            ? new MaxVolumeSizes(List.of(), 20.0)
            : Json.MAPPER.readValue(Recordings.seq(probeSeq).bodyBytes(), MaxVolumeSizes.class);
    LinstorException refined = PlacementDiagnosis.refine(map(Recordings.seq(seq)), probe);
    assertThat(refined.getClass().getSimpleName()).isEqualTo(expected);
    assertThat(refined.replies()).isEqualTo(map(Recordings.seq(seq)).replies());
  }

  @Test
  void deleteOfAnAbsentObject_isASuccessThatSaysSo() {
    for (int seq : List.of(37, 68, 94, 118, 163, 164, 165, 206, 215, 216)) {
      Exchange e = Recordings.seq(seq);
      assertThat(map(e)).as("%s", e).isNull();
      assertThat(Transport.lenientReplies(e.bodyBytes()))
          .as("%s", e)
          .allSatisfy(rc -> assertThat(rc.isWarning()).isTrue());
    }
  }

  private static LinstorException map(Exchange e) {
    return ErrorMapper.fromAnswer(
        e.method(),
        e.method() + " " + e.path(),
        e.status(),
        Transport.lenientReplies(e.bodyBytes()));
  }
}
