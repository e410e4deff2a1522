package io.linstorcsi.emulator.rc;

import java.util.List;

/**
 * Ends a request with an ApiCallRc list. The status is derived from the entries unless the endpoint
 * forces one (the synchronous endpoints answer JSON parse errors with 400).
 */
public final class ApiException extends RuntimeException {
  private final transient List<Rc> reply;
  private final int forcedStatus;

  public ApiException(Rc entry) {
    this(List.of(entry), 0);
  }

  public ApiException(List<Rc> reply) {
    this(reply, 0);
  }

  public ApiException(List<Rc> reply, int forcedStatus) {
    super(reply.isEmpty() ? "api error" : reply.get(0).message(), null, false, false);
    this.reply = List.copyOf(reply);
    this.forcedStatus = forcedStatus;
  }

  public List<Rc> reply() {
    return reply;
  }

  public int status() {
    return forcedStatus != 0 ? forcedStatus : RetCode.httpStatus(reply, 500);
  }
}
