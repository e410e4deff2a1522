package io.linstorcsi.emulator.backup;

/**
 * An S3 request that did not succeed: the server is unreachable, refused us, or lacks the bucket.
 */
public final class S3Failure extends RuntimeException {
  /** Why, so callers can answer the way the controller does. */
  public enum Kind {
    UNREACHABLE,
    ACCESS_DENIED,
    NO_SUCH_BUCKET,
    NOT_FOUND,
    OTHER
  }

  private final Kind kind;

  public S3Failure(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
