package io.linstorcsi.emulator;

/** Decodes a ret_code for test messages: severity, operation, object and code. */
final class RetCodes {
  private RetCodes() {}

  static String describe(long rc) {
    String severity =
        switch ((int) ((rc >>> 62) & 3)) {
          case 3 -> "ERROR";
          case 2 -> "WARN";
          case 1 -> "INFO";
          default -> "OK";
        };
    long op = (rc >>> 24) & 3;
    long obj = (rc >>> 18) & 0x1F;
    long code = rc & 0x7FFF;
    if (rc == 0xCFFFFFFFFFFFFFFDL) {
      return "API_CALL_PARSE_ERROR";
    }
    return severity + "/op" + op + "/obj" + Long.toHexString(obj << 18) + "/" + code;
  }
}
