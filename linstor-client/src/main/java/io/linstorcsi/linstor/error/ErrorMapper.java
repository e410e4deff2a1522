package io.linstorcsi.linstor.error;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The one place where a LINSTOR answer becomes a {@link LinstorException}.
 *
 * <p>Success is decided from the severity bits of every entry, never from the HTTP status alone:
 * LINSTOR answers 500 for "already exists" and most validation errors, 404 for missing objects, and
 * 200 with a WARN entry for the delete of an absent object (which is a success).
 */
public final class ErrorMapper {
  private ErrorMapper() {}

  /**
   * The exception an answer stands for, or null when it is a success.
   *
   * @param method HTTP method of the request; an "exists" error on DELETE means "has dependents"
   * @param what short description of the call for the message, e.g. {@code GET /v1/nodes/x}
   * @param httpStatus the HTTP status
   * @param replies the decoded ApiCallRc entries, or null when the body held none
   */
  public static LinstorException fromAnswer(
      String method, String what, int httpStatus, List<ApiCallRc> replies) {
    List<ApiCallRc> entries = replies == null ? List.of() : replies;
    ApiCallRc firstError = entries.stream().filter(ApiCallRc::isError).findFirst().orElse(null);
    boolean httpOk = httpStatus >= 200 && httpStatus < 300;
    if (httpOk && firstError == null) {
      return null;
    }
    if (firstError == null) {
      return fromStatusOnly(what, httpStatus, replies);
    }
    String message =
        what + ": HTTP " + httpStatus + " " + firstError.codeName() + ": " + firstError.message();
    RetCode.Kind kind = kindOf(method, httpStatus, firstError);
    return switch (kind) {
      case NOT_FOUND -> new LinstorException.NotFound(message, httpStatus, entries);
      case EXISTS -> new LinstorException.AlreadyExists(message, httpStatus, entries);
      case IN_USE -> new LinstorException.InUse(message, httpStatus, entries);
      case INVALID -> new LinstorException.Invalid(message, httpStatus, entries);
      case NO_SPACE -> new LinstorException.InsufficientSpace(message, httpStatus, entries);
      case UNAVAILABLE -> new LinstorException.Unavailable(message, httpStatus, entries, null);
      case NONE, OTHER -> new LinstorException.Other(message, httpStatus, entries);
    };
  }

  /** A call that got no HTTP answer: refused, reset, timed out, TLS failure. */
  public static LinstorException.Unavailable fromIoFailure(String what, IOException failure) {
    return new LinstorException.Unavailable(
        what + ": no answer from the LINSTOR controller: " + failure, 0, failure);
  }

  /**
   * Reclassifies a FAIL_NOT_ENOUGH_NODES as lack of space, once the caller has found out that
   * enough nodes would qualify for a smaller volume. LINSTOR reports both causes with the same code
   * and text (the autoplacer lists every criterion, space included).
   */
  public static LinstorException.InsufficientSpace outOfSpace(LinstorException notEnoughNodes) {
    return new LinstorException.InsufficientSpace(
        notEnoughNodes.getMessage()
            + " (enough nodes qualify, but their storage pools lack free space for this size)",
        notEnoughNodes.httpStatus(),
        notEnoughNodes.replies());
  }

  /** True when the failure is LINSTOR's FAIL_NOT_ENOUGH_NODES. */
  public static boolean isNotEnoughNodes(LinstorException e) {
    ApiCallRc first = e.firstError();
    return first != null && first.is(RetCode.FAIL_NOT_ENOUGH_NODES);
  }

  private static RetCode.Kind kindOf(String method, int httpStatus, ApiCallRc error) {
    if (httpStatus == 404) {
      return RetCode.Kind.NOT_FOUND;
    }
    RetCode code = error.known().orElse(null);
    RetCode.Kind kind = code == null ? RetCode.Kind.OTHER : code.kind();
    if (code == RetCode.FAIL_INVLD_VLM_SIZE && mentionsFreeSpace(error)) {
      // explicit placement beyond a pool's (thin over-provisioning) limit
      kind = RetCode.Kind.NO_SPACE;
    }
    if (code == RetCode.FAIL_UNKNOWN_ERROR && httpStatus >= 500) {
      // LINSTOR's answer to an unexpected failure on its side (routing errors use 404/405):
      // nothing says the request was wrong, so the caller may try again
      kind = RetCode.Kind.UNAVAILABLE;
    }
    if (kind == RetCode.Kind.EXISTS && "DELETE".equalsIgnoreCase(method)) {
      // "Cannot delete resource definition 'x' because it has snapshots", RG with definitions
      kind = RetCode.Kind.IN_USE;
    }
    if (kind == RetCode.Kind.OTHER && httpStatus == 400) {
      kind = RetCode.Kind.INVALID;
    }
    return kind;
  }

  private static boolean mentionsFreeSpace(ApiCallRc error) {
    String text = (error.message() + " " + error.cause()).toLowerCase(Locale.ROOT);
    return text.contains("free space");
  }

  private static LinstorException fromStatusOnly(
      String what, int httpStatus, List<ApiCallRc> replies) {
    boolean decodable = replies != null && !replies.isEmpty();
    List<ApiCallRc> entries = replies == null ? List.of() : replies;
    String message =
        what
            + ": HTTP "
            + httpStatus
            + (decodable ? " (" + entries.getFirst().message() + ")" : " without a LINSTOR answer");
    if (httpStatus == 404) {
      return new LinstorException.NotFound(message, httpStatus, entries);
    }
    if (httpStatus == 400 || httpStatus == 422) {
      return new LinstorException.Invalid(message, httpStatus, entries);
    }
    boolean retryable = httpStatus >= 500 || httpStatus == 408 || httpStatus == 429;
    if (retryable && !decodable) {
      // a proxy, a restarting controller or an overloaded one: the caller may try again
      return new LinstorException.Unavailable(message, httpStatus, entries, null);
    }
    return new LinstorException.Other(message, httpStatus, entries);
  }
}
