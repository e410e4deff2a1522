package io.linstorcsi.emulator.rc;

/**
 * The bit layout of LINSTOR's {@code ret_code} (linstor-common consts.json): bits 62-63 severity,
 * bits 24-25 operation, bits 18-22 object, bits 0-14 the code. Only the constants the emulator
 * answers with are listed.
 */
public final class RetCode {
  public static final long MASK_ERROR = 0xC000000000000000L;
  public static final long MASK_WARN = 0x8000000000000000L;
  public static final long MASK_INFO = 0x4000000000000000L;

  public static final long CRT = 0x0000000001000000L;
  public static final long MOD = 0x0000000002000000L;
  public static final long DEL = 0x0000000003000000L;

  public static final long NODE = 0x00000000003C0000L;
  public static final long RSC_DFN = 0x0000000000380000L;
  public static final long RSC = 0x0000000000340000L;
  public static final long VLM_DFN = 0x0000000000300000L;
  public static final long VLM = 0x00000000002C0000L;
  public static final long STOR_POOL_DFN = 0x0000000000180000L;
  public static final long STOR_POOL = 0x0000000000140000L;
  public static final long CTRL_CONF = 0x0000000000100000L;
  public static final long SNAPSHOT = 0x00000000000C0000L;
  public static final long BACKUP = 0x0000000000080000L;
  public static final long REMOTE = 0x0000000000040000L;
  public static final long RSC_GRP = 0x0000000000440000L;
  public static final long VLM_GRP = 0x0000000000480000L;

  // success codes
  public static final long CREATED = 1;
  public static final long DELETED = 2;
  public static final long MODIFIED = 3;

  /** Second entry of a node registration ("Node 'x' authenticated"). */
  public static final long AUTHENTICATED = 9;

  // failures (combine with MASK_ERROR)
  public static final long INVLD_NODE_NAME = 200;
  public static final long INVLD_RSC_NAME = 202;
  public static final long INVLD_VLM_SIZE = 206;
  public static final long INVLD_STOR_POOL_NAME = 208;
  public static final long INVLD_PROP = 213;
  public static final long INVLD_SNAPSHOT_NAME = 218;
  public static final long INVLD_PROVIDER = 227;
  public static final long INVLD_LAYER_STACK = 225;
  public static final long INVLD_VLM_SIZES = 228;
  public static final long INVLD_RSC_GRP_NAME = 237;
  public static final long INVLD_CONF = 230;
  public static final long INVLD_REQUEST = 234;
  public static final long INVLD_BACKUP_CONFIG = 238;
  public static final long INVLD_REMOTE_NAME = 239;
  public static final long INVLD_TIME_PARAM = 240;
  public static final long NOT_FOUND_REMOTE = 321;
  public static final long NOT_FOUND_BACKUP = 322;
  public static final long EXISTS_REMOTE = 527;
  public static final long BACKUP_UNKNOWN_CLUSTER = 976;
  public static final long DEPENDEND_BACKUP = 977;
  public static final long SNAPSHOT_SHIPPING_NOT_SUPPORTED = 983;
  public static final long SNAPSHOT_SHIPPING_IN_PROGRESS = 984;
  public static final long NOT_FOUND_NODE = 300;
  public static final long NOT_FOUND_RSC_DFN = 301;
  public static final long NOT_FOUND_RSC = 302;
  public static final long NOT_FOUND_VLM_DFN = 303;
  public static final long NOT_FOUND_VLM = 304;
  public static final long NOT_FOUND_STOR_POOL_DFN = 309;
  public static final long NOT_FOUND_STOR_POOL = 310;
  public static final long NOT_FOUND_DFLT_STOR_POOL = 311;
  public static final long NOT_FOUND_SNAPSHOT_DFN = 313;
  public static final long NOT_FOUND_SNAPSHOT = 315;
  public static final long NOT_FOUND_RSC_GRP = 317;
  public static final long NOT_FOUND_VLM_GRP = 318;
  public static final long EXISTS_NODE = 500;
  public static final long EXISTS_RSC_DFN = 501;
  public static final long EXISTS_RSC = 502;
  public static final long EXISTS_VLM_DFN = 503;
  public static final long EXISTS_STOR_POOL = 510;
  public static final long EXISTS_SNAPSHOT_DFN = 514;
  public static final long EXISTS_SNAPSHOT = 516;
  public static final long EXISTS_RSC_GRP = 522;
  public static final long EXISTS_VLM_GRP = 523;
  public static final long MISSING_EXT_NAME = 606;
  public static final long STLT_DOES_NOT_SUPPORT_LAYER = 988;
  public static final long INSUFFICIENT_REPLICA_COUNT = 991;
  public static final long STLT_DOES_NOT_SUPPORT_PROVIDER = 989;
  public static final long SNAPSHOTS_NOT_SUPPORTED = 994;
  public static final long NOT_ENOUGH_NODES = 996;
  public static final long IN_USE = 997;
  public static final long UNKNOWN_ERROR = 998;

  // warnings (combine with MASK_WARN)
  public static final long NOT_CONNECTED = 1002;
  public static final long RSC_ALREADY_DEPLOYED = 1006;
  public static final long NOT_ENOUGH_NODES_FOR_TIE_BREAKER = 1013;
  public static final long NOT_FOUND = 3000;
  public static final long BACKUP_DL_ONLY = 1019;

  // info (combine with MASK_INFO)
  public static final long NO_RSC_SPAWNED = 10000;
  public static final long TIE_BREAKER_CREATED = 10003;
  public static final long TIE_BREAKER_DELETING = 10004;
  public static final long TIE_BREAKER_TAKEOVER = 10006;
  public static final long NOOP = 10007;
  public static final long RSC_ALREADY_EXISTS = 10008;

  /** A whole constant of its own; its operation and object bits carry no meaning. */
  public static final long API_CALL_PARSE_ERROR = 0x0FFFFFFFFFFFFFFDL | MASK_ERROR;

  private static final long MASK_BITS_CODE = 0x7FFFL;

  private RetCode() {}

  public static long error(long opAndObject, long code) {
    return MASK_ERROR | opAndObject | code;
  }

  public static long warn(long opAndObject, long code) {
    return MASK_WARN | opAndObject | code;
  }

  public static long info(long opAndObject, long code) {
    return MASK_INFO | opAndObject | code;
  }

  public static long success(long opAndObject, long code) {
    return opAndObject | code;
  }

  public static boolean isError(long retCode) {
    return (retCode & MASK_ERROR) == MASK_ERROR;
  }

  /**
   * The HTTP status the controller derives from a reply: the first error decides (300-399 not
   * found, 400-499 access denied, anything else 500); without errors the endpoint's success status
   * (linstor-server ApiCallRcRestUtils.toResponse).
   */
  public static int httpStatus(Iterable<Rc> reply, int successStatus) {
    for (Rc rc : reply) {
      if (isError(rc.retCode())) {
        long code = rc.retCode() & MASK_BITS_CODE;
        if (code >= NOT_FOUND_NODE && code <= 399) {
          return 404;
        }
        if (code >= 400 && code <= 499) {
          return 403;
        }
        return 500;
      }
    }
    return successStatus;
  }
}
