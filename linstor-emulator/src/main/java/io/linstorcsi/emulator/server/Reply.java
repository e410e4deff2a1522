package io.linstorcsi.emulator.server;

import io.linstorcsi.emulator.rc.Rc;
import io.linstorcsi.emulator.rc.RetCode;
import java.util.List;

/** An HTTP status and the value serialised as its JSON body. */
public record Reply(int status, Object body) {

  public static Reply ok(Object body) {
    return new Reply(200, body);
  }

  /** An ApiCallRc list whose status follows the controller's rule (errors decide, else success). */
  public static Reply rc(List<Rc> entries, int successStatus) {
    return new Reply(RetCode.httpStatus(entries, successStatus), entries);
  }
}
