package io.linstorcsi.linstor;

import io.linstorcsi.linstor.error.LinstorException;
import java.net.URI;
import java.time.Duration;

/**
 * One finished client call, as reported to a {@link CallListener}.
 *
 * @param operation stable operation name, e.g. {@code resources.autoplace}, fit for a metric label
 * @param method HTTP method
 * @param endpoint the controller that answered last, or null when none was reached
 * @param httpStatus HTTP status of the last answer, 0 when no answer arrived
 * @param failure the exception the call ended with, or null on success
 * @param duration wall time of the whole call including retries and rate-limit waits
 * @param attempts HTTP attempts made (retries and failover included)
 */
public record CallEvent(
    String operation,
    String method,
    URI endpoint,
    int httpStatus,
    LinstorException failure,
    Duration duration,
    int attempts) {

  public boolean succeeded() {
    return failure == null;
  }

  /** A short outcome label: {@code ok} or the failure's class name ({@code NotFound}...). */
  public String outcome() {
    return failure == null ? "ok" : failure.getClass().getSimpleName();
  }
}
