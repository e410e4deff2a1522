package io.linstorcsi.linstor.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The mapping rules beyond what the recordings show. */
class ErrorMapperTest {
  private static final long ERROR = ApiCallRc.MASK_ERROR;
  private static final long CREATED_RSC = 20185089L;

  private static ApiCallRc rc(long retCode, String message) {
    return ApiCallRc.of(retCode, message);
  }

  @Test
  void successStatus_withAnErrorEntryAmongOthers_isAFailure() {
    List<ApiCallRc> replies =
        List.of(rc(CREATED_RSC, "registered"), rc(ERROR | 0x1000000L | 300, "Node 'x' not found."));
    LinstorException e = ErrorMapper.fromAnswer("POST", "POST /v1/x", 201, replies);
    assertThat(e).isInstanceOf(LinstorException.NotFound.class);
    assertThat(e.firstError().message()).isEqualTo("Node 'x' not found.");
    assertThat(e.replies()).hasSize(2);
  }

  @Test
  void warningsAndInfos_onSuccessStatus_areSuccess() {
    assertThat(
            ErrorMapper.fromAnswer(
                "DELETE",
                "d",
                200,
                List.of(rc(-9223372036800771144L, "Resource definition: x not found."))))
        .isNull();
    assertThat(
            ErrorMapper.fromAnswer("POST", "p", 201, List.of(rc(4611686018447583000L, "exists"))))
        .isNull();
    assertThat(ErrorMapper.fromAnswer("GET", "g", 200, null)).isNull();
  }

  @ParameterizedTest(name = "HTTP {0} without ApiCallRc -> {1}")
  @CsvSource({
    "500, Unavailable",
    "502, Unavailable",
    "503, Unavailable",
    "504, Unavailable",
    "429, Unavailable",
    "408, Unavailable",
    "404, NotFound",
    "400, Invalid",
    "401, Other",
    "403, Other",
    "405, Other",
  })
  void statusWithoutLinstorAnswer_isClassifiedByStatus(int status, String expected) {
    LinstorException e = ErrorMapper.fromAnswer("GET", "GET /v1/nodes", status, null);
    assertThat(e.getClass().getSimpleName()).isEqualTo(expected);
    assertThat(e.httpStatus()).isEqualTo(status);
    assertThat(e.replies()).isEmpty();
  }

  @ParameterizedTest(name = "{0} on {1} -> {2}")
  @CsvSource({
    "FAIL_IN_USE, DELETE, InUse",
    "FAIL_RSC_BUSY, POST, InUse",
    "FAIL_NODE_HAS_USED_RSC, DELETE, InUse",
    "FAIL_EXISTS_SNAPSHOT_DFN, DELETE, InUse",
    "FAIL_EXISTS_SNAPSHOT_DFN, POST, AlreadyExists",
    "FAIL_NOT_ENOUGH_FREE_SPACE, PUT, InsufficientSpace",
    "FAIL_NOT_CONNECTED, POST, Unavailable",
    "FAIL_MISSING_STLT_CONN, POST, Unavailable",
    "FAIL_ACC_DENIED_RSC_DFN, POST, Other",
    "FAIL_IMPL_ERROR, POST, Other",
    "FAIL_UNKNOWN_ERROR, POST, Unavailable",
    "FAIL_INVLD_LAYER_STACK, POST, Invalid",
    "FAIL_INSUFFICIENT_PEER_SLOTS, POST, Invalid",
    "FAIL_NOT_FOUND_SNAPSHOT, POST, NotFound",
  })
  void errorCodes_areClassifiedByKind(String code, String method, String expected) {
    long retCode = ERROR | RetCode.valueOf(code).code();
    LinstorException e =
        ErrorMapper.fromAnswer(method, method + " /v1/x", 500, List.of(rc(retCode, "m")));
    assertThat(e.getClass().getSimpleName()).isEqualTo(expected);
    assertThat(e.getMessage()).contains(code).contains("HTTP 500");
  }

  @Test
  void unknownError_isUnavailableOnlyFromTheServerSide() {
    long unknown = ERROR | RetCode.FAIL_UNKNOWN_ERROR.code();
    assertThat(ErrorMapper.fromAnswer("GET", "g", 500, List.of(rc(unknown, "boom"))))
        .isInstanceOf(LinstorException.Unavailable.class)
        .satisfies(e -> assertThat(e.replies()).hasSize(1));
    assertThat(ErrorMapper.fromAnswer("GET", "g", 404, List.of(rc(unknown, "no such path"))))
        .isInstanceOf(LinstorException.NotFound.class);
    assertThat(ErrorMapper.fromAnswer("DELETE", "d", 405, List.of(rc(unknown, "wrong method"))))
        .isInstanceOf(LinstorException.Other.class);
  }

  @Test
  void invalidVolumeSize_isSpaceOnlyWhenItSaysSo() {
    long code = ERROR | 206;
    assertThat(
            ErrorMapper.fromAnswer(
                "POST",
                "p",
                500,
                List.of(rc(code, "Not enough free space available for volume 0"))))
        .isInstanceOf(LinstorException.InsufficientSpace.class);
    assertThat(
            ErrorMapper.fromAnswer("POST", "p", 500, List.of(rc(code, "Volume size 0 is invalid"))))
        .isInstanceOf(LinstorException.Invalid.class);
  }

  @Test
  void unknownErrorCode_fallsBackToTheStatus() {
    long unknown = ERROR | 4321;
    assertThat(ErrorMapper.fromAnswer("POST", "p", 500, List.of(rc(unknown, "m"))))
        .isInstanceOf(LinstorException.Other.class);
    assertThat(ErrorMapper.fromAnswer("POST", "p", 400, List.of(rc(unknown, "m"))))
        .isInstanceOf(LinstorException.Invalid.class);
    assertThat(ErrorMapper.fromAnswer("GET", "g", 404, List.of(rc(unknown, "m"))))
        .isInstanceOf(LinstorException.NotFound.class);
  }

  @Test
  void answerWithOnlyNonErrorEntries_onAFailureStatus_isOther() {
    LinstorException e =
        ErrorMapper.fromAnswer(
            "POST", "p", 500, List.of(rc(ApiCallRc.MASK_WARN | 1002, "offline")));
    assertThat(e).isInstanceOf(LinstorException.Other.class);
    assertThat(e.firstError()).isNull();
    assertThat(e.getMessage()).contains("offline");
  }

  @Test
  void ioFailure_isUnavailable_withoutStatus() {
    IOException refused = new ConnectException("Connection refused");
    LinstorException.Unavailable e = ErrorMapper.fromIoFailure("GET /v1/nodes", refused);
    assertThat(e.httpStatus()).isZero();
    assertThat(e.getCause()).isSameAs(refused);
    assertThat(e.getMessage()).contains("Connection refused");
  }

  @Test
  void notEnoughNodes_canBeReclassifiedAsSpace_keepingTheReplies() {
    LinstorException e =
        ErrorMapper.fromAnswer(
            "POST", "p", 500, List.of(rc(-4611686018407201820L, "Not enough available nodes")));
    assertThat(e).isInstanceOf(LinstorException.Invalid.class);
    assertThat(ErrorMapper.isNotEnoughNodes(e)).isTrue();
    LinstorException space = ErrorMapper.outOfSpace(e);
    assertThat(space.replies()).isEqualTo(e.replies());
    assertThat(space.httpStatus()).isEqualTo(500);
  }
}
