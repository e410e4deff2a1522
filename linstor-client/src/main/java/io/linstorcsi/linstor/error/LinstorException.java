package io.linstorcsi.linstor.error;

import java.util.List;

/**
 * Every failure the LINSTOR client reports. The driver maps these to gRPC codes in one place, so
 * the hierarchy is sealed: a new kind of failure has to be handled there explicitly.
 */
public abstract sealed class LinstorException extends RuntimeException
    permits LinstorException.NotFound,
        LinstorException.AlreadyExists,
        LinstorException.InUse,
        LinstorException.Invalid,
        LinstorException.InsufficientSpace,
        LinstorException.Unavailable,
        LinstorException.Other {

  private final int httpStatus;
  private final List<ApiCallRc> replies;

  protected LinstorException(
      String message, int httpStatus, List<ApiCallRc> replies, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.replies = replies == null ? List.of() : List.copyOf(replies);
  }

  /** HTTP status of the failed call, or 0 when no HTTP answer arrived (connection failure). */
  public int httpStatus() {
    return httpStatus;
  }

  /** The decoded ApiCallRc entries (empty when the failure was not an answer from LINSTOR). */
  public List<ApiCallRc> replies() {
    return replies;
  }

  /**
   * True when LINSTOR itself answered with ApiCallRc entries: the controller was reached and said
   * what failed (a satellite's failed tool, a satellite that is offline). False when no HTTP answer
   * arrived, or when something other than LINSTOR answered (a proxy's bare 502).
   */
  public boolean linstorAnswered() {
    return httpStatus != 0 && !replies.isEmpty();
  }

  /** The first error entry, which carries LINSTOR's message, cause, correction and report ids. */
  public ApiCallRc firstError() {
    return replies.stream().filter(ApiCallRc::isError).findFirst().orElse(null);
  }

  /** The object does not exist (HTTP 404, or a FAIL_NOT_FOUND_* code). */
  public static final class NotFound extends LinstorException {
    public NotFound(String message, int httpStatus, List<ApiCallRc> replies) {
      super(message, httpStatus, replies, null);
    }
  }

  /** The object exists already (LINSTOR answers HTTP 500 with a FAIL_EXISTS_* code). */
  public static final class AlreadyExists extends LinstorException {
    public AlreadyExists(String message, int httpStatus, List<ApiCallRc> replies) {
      super(message, httpStatus, replies, null);
    }
  }

  /** The object is in use or has dependents (resources in use, definition with snapshots...). */
  public static final class InUse extends LinstorException {
    public InUse(String message, int httpStatus, List<ApiCallRc> replies) {
      super(message, httpStatus, replies, null);
    }
  }

  /** The request was refused as invalid (bad name, bad property, parse error, not enough nodes). */
  public static final class Invalid extends LinstorException {
    public Invalid(String message, int httpStatus, List<ApiCallRc> replies) {
      super(message, httpStatus, replies, null);
    }
  }

  /** A storage pool has not enough free space for the request. */
  public static final class InsufficientSpace extends LinstorException {
    public InsufficientSpace(String message, int httpStatus, List<ApiCallRc> replies) {
      super(message, httpStatus, replies, null);
    }
  }

  /**
   * The call may succeed later: the controller could not be reached or answered 5xx without a
   * decodable ApiCallRc (connection refused, timeout, proxy errors), or LINSTOR answered that it or
   * a satellite cannot serve it now ({@link #linstorAnswered()} tells these apart). Callers may
   * retry.
   */
  public static final class Unavailable extends LinstorException {
    public Unavailable(String message, int httpStatus, Throwable cause) {
      super(message, httpStatus, List.of(), cause);
    }

    /** LINSTOR answered, but says a satellite or the controller cannot serve the call now. */
    public Unavailable(String message, int httpStatus, List<ApiCallRc> replies, Throwable cause) {
      super(message, httpStatus, replies, cause);
    }
  }

  /** Any other failure LINSTOR reported. */
  public static final class Other extends LinstorException {
    public Other(String message, int httpStatus, List<ApiCallRc> replies) {
      super(message, httpStatus, replies, null);
    }
  }
}
