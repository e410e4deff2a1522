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
