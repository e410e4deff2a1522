package io.linstorcsi.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.linstorcsi.linstor.error.ApiCallRc;
import io.linstorcsi.linstor.error.LinstorException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatusMapperTest {
  private static final List<ApiCallRc> ERROR =
      List.of(
          new ApiCallRc(
              ApiCallRc.MASK_ERROR | 300,
              "Node 'x' not found",
              "no such node",
              null,
              "create the node first",
              List.of("6B0DE848-00000-000014"),
              null,
              null));

  static Stream<Arguments> linstorFailures() {
    return Stream.of(
        Arguments.of(new LinstorException.NotFound("m", 404, ERROR), Status.Code.NOT_FOUND),
        Arguments.of(
            new LinstorException.AlreadyExists("m", 500, ERROR), Status.Code.ALREADY_EXISTS),
        Arguments.of(new LinstorException.InUse("m", 500, ERROR), Status.Code.FAILED_PRECONDITION),
        Arguments.of(new LinstorException.Invalid("m", 500, ERROR), Status.Code.INVALID_ARGUMENT),
        Arguments.of(
            new LinstorException.InsufficientSpace("m", 500, ERROR),
            Status.Code.RESOURCE_EXHAUSTED),
        Arguments.of(new LinstorException.Unavailable("down", 0, null), Status.Code.UNAVAILABLE),
        Arguments.of(new LinstorException.Other("m", 500, ERROR), Status.Code.INTERNAL));
  }

  @ParameterizedTest
  @MethodSource("linstorFailures")
  void linstorFailures_becomeTheCodesTheCsiSpecPrescribes(LinstorException e, Status.Code code) {
    assertThat(StatusMapper.toStatus(e).getCode()).isEqualTo(code);
  }

  @Test
  void linstorMessage_carriesCauseCorrectionAndReportIds() {
    String text =
        StatusMapper.toStatus(new LinstorException.NotFound("m", 404, ERROR)).getDescription();
    assertThat(text)
        .contains("Node 'x' not found")
        .contains("cause: no such node")
        .contains("correction: create the node first")
        .contains("6B0DE848-00000-000014");
  }

  /**
   * A controller that answered with an error entry was reached: LINSTOR's words say what failed
   * (here a tool missing on a satellite), and nothing may claim the controller is unreachable.
   */
  @Test
  void unavailableAnswerOfAReachedController_carriesLinstorsMessage_notUnreachable() {
    List<ApiCallRc> satelliteFailure =
        List.of(
            new ApiCallRc(
                ApiCallRc.MASK_ERROR | 0x1340000L | 998,
                "(node-a) Execution of the external command 'losetup' failed.",
                "losetup is not installed on the node",
                null,
                null,
                List.of(),
                null,
                null));
    Status s =
        StatusMapper.toStatus(
            new LinstorException.Unavailable("POST: HTTP 500", 500, satelliteFailure, null));
    assertThat(s.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(s.getDescription())
        .contains("(node-a) Execution of the external command 'losetup' failed.")
        .contains("cause: losetup is not installed on the node")
        .doesNotContain("cannot be reached");
  }

  @Test
  void noAnswerFromTheController_saysItCannotBeReached() {
    Status s =
        StatusMapper.toStatus(
            new LinstorException.Unavailable(
                "GET /v1/nodes: no answer from the LINSTOR controller: connection refused",
                0,
                null));
    assertThat(s.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(s.getDescription())
        .contains("connection refused")
        .contains("the LINSTOR controller cannot be reached");
  }

  @Test
  void csiErrors_keepTheirCodeAndMessage_alsoWhenWrapped() {
    Status s =
        StatusMapper.toStatus(
            new ExecutionException(CsiError.invalidArgument("parameter x must be y")));
    assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(s.getDescription()).isEqualTo("parameter x must be y");
  }

  @Test
  void anythingElse_isInternalWithItsDescription() {
    Status s = StatusMapper.toStatus(new IllegalStateException("boom"));
    assertThat(s.getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(s.getDescription()).contains("boom");
  }
}
