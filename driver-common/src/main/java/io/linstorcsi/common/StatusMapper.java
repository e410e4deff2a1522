package io.linstorcsi.common;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.linstorcsi.linstor.error.ApiCallRc;
import io.linstorcsi.linstor.error.LinstorException;
import java.util.concurrent.CancellationException;

/**
 * The one place where failures become gRPC statuses. CSI spec, error scheme: the code carries the
 * meaning, the message explains; status details stay empty.
 */
public final class StatusMapper {
  private StatusMapper() {}

  public static Status toStatus(Throwable failure) {
    Throwable t = unwrap(failure);
    return switch (t) {
      case CsiError e -> Status.fromCode(e.code()).withDescription(e.getMessage());
      case LinstorException e -> fromLinstor(e);
      case StatusRuntimeException e -> e.getStatus();
      case StatusException e -> e.getStatus();
      case CancellationException e -> Status.CANCELLED.withDescription("call cancelled");
      case InterruptedException e -> Status.CANCELLED.withDescription("interrupted");
      default -> Status.INTERNAL.withDescription("unexpected failure: " + t).withCause(t);
    };
  }

  private static Status fromLinstor(LinstorException e) {
    String text = "LINSTOR: " + describe(e);
    return switch (e) {
      case LinstorException.NotFound n -> Status.NOT_FOUND.withDescription(text);
      case LinstorException.AlreadyExists a -> Status.ALREADY_EXISTS.withDescription(text);
      case LinstorException.InUse u -> Status.FAILED_PRECONDITION.withDescription(text);
      case LinstorException.Invalid i -> Status.INVALID_ARGUMENT.withDescription(text);
      case LinstorException.InsufficientSpace s -> Status.RESOURCE_EXHAUSTED.withDescription(text);
      // UNAVAILABLE also when LINSTOR answered (FAIL_UNKNOWN_ERROR on HTTP 500, a satellite not
      // connected): nothing says the request was wrong, the same call can succeed once the node is
      // fixed, and the sidecars retry UNAVAILABLE without giving the volume up. INTERNAL would tell
      // them the driver is at fault. Only a call without LINSTOR's answer is "cannot be reached";
      // otherwise LINSTOR's own message (e.g. a satellite's failed tool) explains the failure.
      case LinstorException.Unavailable u ->
          Status.UNAVAILABLE.withDescription(
              u.linstorAnswered() ? text : text + " (the LINSTOR controller cannot be reached)");
      case LinstorException.Other o -> Status.INTERNAL.withDescription(text);
    };
  }

  /** LINSTOR's own message plus cause, correction and error-report ids when present. */
  public static String describe(LinstorException e) {
    ApiCallRc rc = e.firstError();
    if (rc == null) {
      return e.getMessage();
    }
    StringBuilder out = new StringBuilder(rc.message());
    if (rc.cause() != null) {
      out.append("; cause: ").append(rc.cause());
    }
    if (rc.correction() != null) {
      out.append("; correction: ").append(rc.correction());
    }
    if (!rc.errorReportIds().isEmpty()) {
      out.append("; error reports: ").append(String.join(", ", rc.errorReportIds()));
    }
    return out.toString();
  }

  private static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof java.util.concurrent.ExecutionException
            || current instanceof java.util.concurrent.CompletionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
