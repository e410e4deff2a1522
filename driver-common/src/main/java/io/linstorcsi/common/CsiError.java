package io.linstorcsi.common;

import io.grpc.Status;

/**
 * A failure whose gRPC code the CSI spec prescribes. Services throw it; {@link StatusMapper} turns
 * it into the status the caller sees. The message must say what was wrong and what to do.
 */
public final class CsiError extends RuntimeException {
  private final Status.Code code;

  private CsiError(Status.Code code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public Status.Code code() {
    return code;
  }

  public static CsiError invalidArgument(String message) {
    return new CsiError(Status.Code.INVALID_ARGUMENT, message, null);
  }

  public static CsiError notFound(String message) {
    return new CsiError(Status.Code.NOT_FOUND, message, null);
  }

  public static CsiError alreadyExists(String message) {
    return new CsiError(Status.Code.ALREADY_EXISTS, message, null);
  }

  public static CsiError failedPrecondition(String message) {
    return new CsiError(Status.Code.FAILED_PRECONDITION, message, null);
  }

  public static CsiError outOfRange(String message) {
    return new CsiError(Status.Code.OUT_OF_RANGE, message, null);
  }

  public static CsiError resourceExhausted(String message) {
    return new CsiError(Status.Code.RESOURCE_EXHAUSTED, message, null);
  }

  public static CsiError aborted(String message) {
    return new CsiError(Status.Code.ABORTED, message, null);
  }

  public static CsiError unavailable(String message, Throwable cause) {
    return new CsiError(Status.Code.UNAVAILABLE, message, cause);
  }

  public static CsiError deadlineExceeded(String message) {
    return new CsiError(Status.Code.DEADLINE_EXCEEDED, message, null);
  }

  public static CsiError internal(String message, Throwable cause) {
    return new CsiError(Status.Code.INTERNAL, message, cause);
  }
}
