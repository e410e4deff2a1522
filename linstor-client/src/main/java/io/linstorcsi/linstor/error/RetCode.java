package io.linstorcsi.linstor.error;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The table of LINSTOR return codes (linstor-common {@code consts.json}): the constant name, the
 * severity and code bits, and the kind of failure each error code stands for. This is the one place
 * that knows code numbers; {@link ErrorMapper} turns kinds into exceptions.
 *
 * <p>A {@code ret_code} packs severity (bits 62-63), operation (bits 24-25), object (bits 18-22)
 * and code (bits 0-14). Lookup ignores operation and object, because LINSTOR stretches them (a
 * resource group delete answers with the CRT mask). Three special constants use all bits.
 */
public enum RetCode {
  CREATED(Severity.SUCCESS, 1, Kind.NONE),
  DELETED(Severity.SUCCESS, 2, Kind.NONE),
  MODIFIED(Severity.SUCCESS, 3, Kind.NONE),
  PASSPHRASE_ACCEPTED(Severity.SUCCESS, 4, Kind.NONE),
  FAIL_SQL(Severity.ERROR, 100, Kind.OTHER),
  FAIL_SQL_ROLLBACK(Severity.ERROR, 101, Kind.OTHER),
  FAIL_INVLD_NODE_NAME(Severity.ERROR, 200, Kind.INVALID),
  FAIL_INVLD_NODE_TYPE(Severity.ERROR, 201, Kind.INVALID),
  FAIL_INVLD_RSC_NAME(Severity.ERROR, 202, Kind.INVALID),
  FAIL_INVLD_RSC_PORT(Severity.ERROR, 203, Kind.INVALID),
  FAIL_INVLD_NODE_ID(Severity.ERROR, 204, Kind.INVALID),
  FAIL_INVLD_VLM_NR(Severity.ERROR, 205, Kind.INVALID),
  FAIL_INVLD_VLM_SIZE(Severity.ERROR, 206, Kind.INVALID),
  FAIL_INVLD_MINOR_NR(Severity.ERROR, 207, Kind.INVALID),
  FAIL_INVLD_STOR_POOL_NAME(Severity.ERROR, 208, Kind.INVALID),
  FAIL_INVLD_NET_NAME(Severity.ERROR, 209, Kind.INVALID),
  FAIL_INVLD_NET_ADDR(Severity.ERROR, 210, Kind.INVALID),
  FAIL_INVLD_NET_PORT(Severity.ERROR, 211, Kind.INVALID),
  FAIL_INVLD_NET_TYPE(Severity.ERROR, 212, Kind.INVALID),
  FAIL_INVLD_PROP(Severity.ERROR, 213, Kind.INVALID),
  FAIL_INVLD_TRANSPORT_TYPE(Severity.ERROR, 214, Kind.INVALID),
  FAIL_INVLD_TCP_PORT(Severity.ERROR, 215, Kind.INVALID),
  FAIL_INVLD_CRYPT_PASSPHRASE(Severity.ERROR, 216, Kind.INVALID),
  FAIL_INVLD_ENCRYPT_TYPE(Severity.ERROR, 217, Kind.INVALID),
  FAIL_INVLD_SNAPSHOT_NAME(Severity.ERROR, 218, Kind.INVALID),
  FAIL_INVLD_PLACE_COUNT(Severity.ERROR, 219, Kind.INVALID),
  FAIL_INVLD_FREE_SPACE_MGR_NAME(Severity.ERROR, 220, Kind.INVALID),
  FAIL_INVLD_STOR_DRIVER(Severity.ERROR, 221, Kind.INVALID),
  FAIL_INVLD_DRBD_PROXY_COMPRESSION_TYPE(Severity.ERROR, 222, Kind.INVALID),
  FAIL_INVLD_KVS_NAME(Severity.ERROR, 223, Kind.INVALID),
  FAIL_INVLD_LAYER_KIND(Severity.ERROR, 224, Kind.INVALID),
  FAIL_INVLD_LAYER_STACK(Severity.ERROR, 225, Kind.INVALID),
  FAIL_INVLD_EXT_NAME(Severity.ERROR, 226, Kind.INVALID),
  FAIL_INVLD_PROVIDER(Severity.ERROR, 227, Kind.INVALID),
  FAIL_INVLD_VLM_SIZES(Severity.ERROR, 228, Kind.INVALID),
  FAIL_INVLD_VLM_COUNT(Severity.ERROR, 229, Kind.INVALID),
  FAIL_INVLD_CONF(Severity.ERROR, 230, Kind.INVALID),
  FAIL_INVLD_SNAPSHOT_SHIPPING_SOURCE(Severity.ERROR, 231, Kind.INVALID),
  FAIL_INVLD_SNAPSHOT_SHIPPING_TARGET(Severity.ERROR, 232, Kind.INVALID),
  FAIL_NODE_HAS_USED_RSC(Severity.ERROR, 233, Kind.IN_USE),
  FAIL_INVLD_REQUEST(Severity.ERROR, 234, Kind.INVALID),
  FAIL_INVLD_EXT_FILE_NAME(Severity.ERROR, 235, Kind.INVALID),
  FAIL_INVLD_EXT_FILE(Severity.ERROR, 236, Kind.INVALID),
  FAIL_INVLD_RSC_GRP_NAME(Severity.ERROR, 237, Kind.INVALID),
  FAIL_INVLD_BACKUP_CONFIG(Severity.ERROR, 238, Kind.INVALID),
  FAIL_INVLD_REMOTE_NAME(Severity.ERROR, 239, Kind.INVALID),
  FAIL_INVLD_TIME_PARAM(Severity.ERROR, 240, Kind.INVALID),
  FAIL_INVLD_SCHEDULE_NAME(Severity.ERROR, 241, Kind.INVALID),
  FAIL_INVLD_DB_EXPORT_FILE(Severity.ERROR, 242, Kind.INVALID),
  FAIL_INVLD_RSC_STATE(Severity.ERROR, 243, Kind.INVALID),
  FAIL_INVLD_BLK_SIZE(Severity.ERROR, 244, Kind.INVALID),
  FAIL_NOT_FOUND_NODE(Severity.ERROR, 300, Kind.NOT_FOUND),
  FAIL_NOT_FOUND_RSC_DFN(Severity.ERROR, 301, Kind.NOT_FOUND),
  FAIL_NOT_FOUND_RSC(Severity.ERROR, 302, Kind.NOT_FOUND),
  FAIL_NOT_FOUND_VLM_DFN(Severity.ERROR, 303, Kind.NOT_FOUND),
  FAIL_NOT_FOUND_VLM(Severity.ERROR, 304, Kind.NOT_FOUND),
  FAIL_NOT_FOUND_NET_IF(Severity.ERROR, 305, Kind.NOT_FOUND),
  FAIL_NOT_FOUND_NODE_CONN(Severity.ERROR, 306, Kind.NOT_FOUND),
  FAIL_NOT_FOUND_RSC_CONN(Severity.ERROR, 307, Kind.NOT_FOUND),
  FAIL_NOT_FOUND_VLM_CONN(Severity.ERROR, 308, Kind.NOT_FOUND),
  FAIL_NOT_FOUND_STOR_POOL_DFN(Severity.ERROR, 309, Kind.NOT_FOUND),
  FAIL_NOT_FOUND_STOR_POOL(Severity.ERROR, 310, Kind.NOT_FOUND),
  FAIL_NOT_FOUND_DFLT_STOR_POOL(Severity.ERROR, 311, Kind.NOT_FOUND),
  FAIL_NOT_FOUND_CRYPT_KEY(Severity.ERROR, 312, Kind.NOT_FOUND),
  FAIL_NOT_FOUND_SNAPSHOT_DFN(Severity.ERROR, 313, Kind.NOT_FOUND),
  FAIL_NOT_FOUND_SNAPSHOT_VLM_DFN(Severity.ERROR, 314, Kind.NOT_FOUND),
  FAIL_NOT_FOUND_SNAPSHOT(Severity.ERROR, 315, Kind.NOT_FOUND),
  FAIL_NOT_FOUND_KVS(Severity.ERROR, 316, Kind.NOT_FOUND),
  FAIL_NOT_FOUND_RSC_GRP(Severity.ERROR, 317, Kind.NOT_FOUND),
  FAIL_NOT_FOUND_VLM_GRP(Severity.ERROR, 318, Kind.NOT_FOUND),
  FAIL_NOT_FOUND_EXOS_ENCLOSURE(Severity.ERROR, 319, Kind.NOT_FOUND),
  FAIL_NOT_FOUND_EXT_FILE(Severity.ERROR, 320, Kind.NOT_FOUND),
  FAIL_NOT_FOUND_REMOTE(Severity.ERROR, 321, Kind.NOT_FOUND),
  FAIL_NOT_FOUND_BACKUP(Severity.ERROR, 322, Kind.NOT_FOUND),
  FAIL_NOT_FOUND_SCHEDULE(Severity.ERROR, 323, Kind.NOT_FOUND),
  FAIL_ACC_DENIED_NODE(Severity.ERROR, 400, Kind.OTHER),
  FAIL_ACC_DENIED_RSC_DFN(Severity.ERROR, 401, Kind.OTHER),
  FAIL_ACC_DENIED_RSC(Severity.ERROR, 402, Kind.OTHER),
  FAIL_ACC_DENIED_VLM_DFN(Severity.ERROR, 403, Kind.OTHER),
  FAIL_ACC_DENIED_VLM(Severity.ERROR, 404, Kind.OTHER),
  FAIL_ACC_DENIED_STOR_POOL_DFN(Severity.ERROR, 405, Kind.OTHER),
  FAIL_ACC_DENIED_STOR_POOL(Severity.ERROR, 406, Kind.OTHER),
  FAIL_ACC_DENIED_NODE_CONN(Severity.ERROR, 407, Kind.OTHER),
  FAIL_ACC_DENIED_RSC_CONN(Severity.ERROR, 408, Kind.OTHER),
  FAIL_ACC_DENIED_VLM_CONN(Severity.ERROR, 409, Kind.OTHER),
  FAIL_ACC_DENIED_STLT_CONN(Severity.ERROR, 410, Kind.OTHER),
  FAIL_ACC_DENIED_CTRL_CFG(Severity.ERROR, 411, Kind.OTHER),
  FAIL_ACC_DENIED_COMMAND(Severity.ERROR, 412, Kind.OTHER),
  FAIL_ACC_DENIED_WATCH(Severity.ERROR, 413, Kind.OTHER),
  FAIL_ACC_DENIED_SNAPSHOT_DFN(Severity.ERROR, 414, Kind.OTHER),
  FAIL_ACC_DENIED_SNAPSHOT(Severity.ERROR, 415, Kind.OTHER),
  FAIL_ACC_DENIED_SNAPSHOT_VLM_DFN(Severity.ERROR, 416, Kind.OTHER),
  FAIL_ACC_DENIED_FREE_SPACE_MGR(Severity.ERROR, 417, Kind.OTHER),
  FAIL_ACC_DENIED_KVS(Severity.ERROR, 418, Kind.OTHER),
  FAIL_ACC_DENIED_RSC_GRP(Severity.ERROR, 419, Kind.OTHER),
  FAIL_ACC_DENIED_VLM_GRP(Severity.ERROR, 420, Kind.OTHER),
  FAIL_ACC_DENIED_SNAP_DFN(Severity.ERROR, 421, Kind.OTHER),
  FAIL_ACC_DENIED_EXT_FILE(Severity.ERROR, 422, Kind.OTHER),
  FAIL_ACC_DENIED_REMOTE(Severity.ERROR, 423, Kind.OTHER),
  FAIL_ACC_DENIED_SCHEDULE(Severity.ERROR, 424, Kind.OTHER),
  FAIL_EXISTS_NODE(Severity.ERROR, 500, Kind.EXISTS),
  FAIL_EXISTS_RSC_DFN(Severity.ERROR, 501, Kind.EXISTS),
  FAIL_EXISTS_RSC(Severity.ERROR, 502, Kind.EXISTS),
  FAIL_EXISTS_VLM_DFN(Severity.ERROR, 503, Kind.EXISTS),
  FAIL_EXISTS_VLM(Severity.ERROR, 504, Kind.EXISTS),
  FAIL_EXISTS_NET_IF(Severity.ERROR, 505, Kind.EXISTS),
  FAIL_EXISTS_NODE_CONN(Severity.ERROR, 506, Kind.EXISTS),
  FAIL_EXISTS_RSC_CONN(Severity.ERROR, 507, Kind.EXISTS),
  FAIL_EXISTS_VLM_CONN(Severity.ERROR, 508, Kind.EXISTS),
  FAIL_EXISTS_STOR_POOL_DFN(Severity.ERROR, 509, Kind.EXISTS),
  FAIL_EXISTS_STOR_POOL(Severity.ERROR, 510, Kind.EXISTS),
  FAIL_EXISTS_STLT_CONN(Severity.ERROR, 511, Kind.EXISTS),
  FAIL_EXISTS_CRYPT_PASSPHRASE(Severity.ERROR, 512, Kind.EXISTS),
  FAIL_EXISTS_WATCH(Severity.ERROR, 513, Kind.EXISTS),
  FAIL_EXISTS_SNAPSHOT_DFN(Severity.ERROR, 514, Kind.EXISTS),
  FAIL_EXISTS_SNAPSHOT(Severity.ERROR, 516, Kind.EXISTS),
  FAIL_EXISTS_EXT_NAME(Severity.ERROR, 517, Kind.EXISTS),
  FAIL_EXISTS_NVME_TARGET_PER_RSC_DFN(Severity.ERROR, 518, Kind.EXISTS),
  FAIL_EXISTS_NVME_INITIATOR_PER_RSC_DFN(Severity.ERROR, 519, Kind.EXISTS),
  FAIL_LOST_STOR_POOL(Severity.ERROR, 521, Kind.OTHER),
  FAIL_EXISTS_RSC_GRP(Severity.ERROR, 522, Kind.EXISTS),
  FAIL_EXISTS_VLM_GRP(Severity.ERROR, 523, Kind.EXISTS),
  FAIL_EXISTS_SNAPSHOT_SHIPPING(Severity.ERROR, 525, Kind.EXISTS),
  FAIL_EXISTS_EXOS_ENCLOSURE(Severity.ERROR, 526, Kind.EXISTS),
  FAIL_EXISTS_REMOTE(Severity.ERROR, 527, Kind.EXISTS),
  FAIL_EXISTS_SCHEDULE(Severity.ERROR, 528, Kind.EXISTS),
  FAIL_MISSING_PROPS(Severity.ERROR, 600, Kind.INVALID),
  FAIL_MISSING_PROPS_NETCOM_TYPE(Severity.ERROR, 601, Kind.INVALID),
  FAIL_MISSING_PROPS_NETCOM_PORT(Severity.ERROR, 602, Kind.INVALID),
  FAIL_MISSING_NETCOM(Severity.ERROR, 603, Kind.INVALID),
  FAIL_MISSING_PROPS_NETIF_NAME(Severity.ERROR, 604, Kind.INVALID),
  FAIL_MISSING_STLT_CONN(Severity.ERROR, 605, Kind.UNAVAILABLE),
  FAIL_MISSING_EXT_NAME(Severity.ERROR, 606, Kind.INVALID),
  FAIL_MISSING_NVME_TARGET(Severity.ERROR, 608, Kind.INVALID),
  FAIL_NO_STLT_CONN_DEFINED(Severity.ERROR, 609, Kind.INVALID),
  FAIL_MISSING_EBS_TARGET(Severity.ERROR, 611, Kind.INVALID),
  FAIL_UUID_NODE(Severity.ERROR, 700, Kind.OTHER),
  FAIL_UUID_RSC_DFN(Severity.ERROR, 701, Kind.OTHER),
  FAIL_UUID_RSC(Severity.ERROR, 702, Kind.OTHER),
  FAIL_UUID_VLM_DFN(Severity.ERROR, 703, Kind.OTHER),
  FAIL_UUID_VLM(Severity.ERROR, 704, Kind.OTHER),
  FAIL_UUID_NET_IF(Severity.ERROR, 705, Kind.OTHER),
  FAIL_UUID_NODE_CONN(Severity.ERROR, 706, Kind.OTHER),
  FAIL_UUID_RSC_CONN(Severity.ERROR, 707, Kind.OTHER),
  FAIL_UUID_VLM_CONN(Severity.ERROR, 708, Kind.OTHER),
  FAIL_UUID_STOR_POOL_DFN(Severity.ERROR, 709, Kind.OTHER),
  FAIL_UUID_STOR_POOL(Severity.ERROR, 710, Kind.OTHER),
  FAIL_UUID_KVS(Severity.ERROR, 711, Kind.OTHER),
  FAIL_POOL_EXHAUSTED_VLM_NR(Severity.ERROR, 800, Kind.OTHER),
  FAIL_POOL_EXHAUSTED_MINOR_NR(Severity.ERROR, 801, Kind.OTHER),
  FAIL_POOL_EXHAUSTED_TCP_PORT(Severity.ERROR, 802, Kind.OTHER),
  FAIL_POOL_EXHAUSTED_NODE_ID(Severity.ERROR, 803, Kind.OTHER),
  FAIL_POOL_EXHAUSTED_RSC_LAYER_ID(Severity.ERROR, 804, Kind.OTHER),
  FAIL_POOL_EXHAUSTED_SPECIAL_SATELLTE_TCP_PORT(Severity.ERROR, 805, Kind.OTHER),
  FAIL_POOL_EXHAUSTED_SNAPSHOT_SHIPPING_TCP_PORT(Severity.ERROR, 806, Kind.OTHER),
  FAIL_POOL_EXHAUSTED_BACKUP_SHIPPING_TCP_PORT(Severity.ERROR, 807, Kind.OTHER),
  FAIL_SNAPSHOT_ROLLBACK_IN_PROGRESS(Severity.ERROR, 971, Kind.IN_USE),
  FAIL_SP_MIXING_NOT_ALLOWED(Severity.ERROR, 972, Kind.INVALID),
  FAIL_EBS_COOLDOWN(Severity.ERROR, 973, Kind.OTHER),
  FAIL_NOT_ALL_UPTODATE(Severity.ERROR, 974, Kind.OTHER),
  FAIL_EVACUATING(Severity.ERROR, 975, Kind.OTHER),
  FAIL_BACKUP_UNKNOWN_CLUSTER(Severity.ERROR, 976, Kind.OTHER),
  FAIL_DEPENDEND_BACKUP(Severity.ERROR, 977, Kind.IN_USE),
  FAIL_BACKUP_INCOMPATIBLE_VERSION(Severity.ERROR, 978, Kind.OTHER),
  FAIL_SNAPSHOT_NOT_UPTODATE(Severity.ERROR, 979, Kind.OTHER),
  FAIL_NOT_ENOUGH_FREE_SPACE(Severity.ERROR, 980, Kind.NO_SPACE),
  FAIL_ONLY_ONE_ACT_RSC_PER_SHARED_STOR_POOL_ALLOWED(Severity.ERROR, 981, Kind.INVALID),
  FAIL_CRYPT_INIT(Severity.ERROR, 982, Kind.OTHER),
  FAIL_SNAPSHOT_SHIPPING_NOT_SUPPORTED(Severity.ERROR, 983, Kind.INVALID),
  FAIL_SNAPSHOT_SHIPPING_IN_PROGRESS(Severity.ERROR, 984, Kind.IN_USE),
  FAIL_UNDECIDABLE_AUTOPLACMENT(Severity.ERROR, 985, Kind.OTHER),
  FAIL_PRE_SELECT_SCRIPT_DID_NOT_TERMINATE(Severity.ERROR, 986, Kind.OTHER),
  FAIL_LINSTOR_MANAGED_SATELLITE_DID_NOT_START_PROPERLY(Severity.ERROR, 987, Kind.UNAVAILABLE),
  FAIL_STLT_DOES_NOT_SUPPORT_LAYER(Severity.ERROR, 988, Kind.INVALID),
  FAIL_STLT_DOES_NOT_SUPPORT_PROVIDER(Severity.ERROR, 989, Kind.INVALID),
  FAIL_STOR_POOL_CONFIGURATION_ERROR(Severity.ERROR, 990, Kind.OTHER),
  FAIL_INSUFFICIENT_REPLICA_COUNT(Severity.ERROR, 991, Kind.INVALID),
  FAIL_RSC_BUSY(Severity.ERROR, 992, Kind.IN_USE),
  FAIL_INSUFFICIENT_PEER_SLOTS(Severity.ERROR, 993, Kind.INVALID),
  FAIL_SNAPSHOTS_NOT_SUPPORTED(Severity.ERROR, 994, Kind.INVALID),
  FAIL_NOT_CONNECTED(Severity.ERROR, 995, Kind.UNAVAILABLE),
  FAIL_NOT_ENOUGH_NODES(Severity.ERROR, 996, Kind.INVALID),
  FAIL_IN_USE(Severity.ERROR, 997, Kind.IN_USE),
  FAIL_UNKNOWN_ERROR(Severity.ERROR, 998, Kind.OTHER),
  FAIL_IMPL_ERROR(Severity.ERROR, 999, Kind.OTHER),
  WARN_INVLD_OPT_PROP_NETCOM_ENABLED(Severity.WARN, 1001, Kind.NONE),
  WARN_NOT_CONNECTED(Severity.WARN, 1002, Kind.NONE),
  WARN_STLT_NOT_UPDATED(Severity.WARN, 1003, Kind.NONE),
  WARN_NO_STLT_CONN_DEFINED(Severity.WARN, 1004, Kind.NONE),
  WARN_DEL_UNSET_PROP(Severity.WARN, 1005, Kind.NONE),
  WARN_RSC_ALREADY_DEPLOYED(Severity.WARN, 1006, Kind.NONE),
  WARN_RSC_ALREADY_HAS_DISK(Severity.WARN, 1007, Kind.NONE),
  WARN_RSC_ALREADY_DISKLESS(Severity.WARN, 1008, Kind.NONE),
  WARN_ALL_DISKLESS(Severity.WARN, 1009, Kind.NONE),
  WARN_STORAGE_ERROR(Severity.WARN, 1010, Kind.NONE),
  WARN_NOT_FOUND_CRYPT_KEY(Severity.WARN, 1011, Kind.NONE),
  WARN_STORAGE_KIND_ADDED(Severity.WARN, 1012, Kind.NONE),
  WARN_NOT_ENOUGH_NODES_FOR_TIE_BREAKER(Severity.WARN, 1013, Kind.NONE),
  WARN_MIXED_PMEM_AND_NON_PMEM(Severity.WARN, 1014, Kind.NONE),
  WARN_UNEFFECTIVE_PROP(Severity.WARN, 1015, Kind.NONE),
  WARN_INVLD_SNAPSHOT_SHIPPING_PREFIX(Severity.WARN, 1016, Kind.NONE),
  WARN_NODE_EVICTED(Severity.WARN, 1017, Kind.NONE),
  WARN_RSC_DEACTIVATED(Severity.WARN, 1018, Kind.NONE),
  WARN_BACKUP_DL_ONLY(Severity.WARN, 1019, Kind.NONE),
  WARN_NOT_EVACUATING(Severity.WARN, 1020, Kind.NONE),
  WARN_INVLD_CONF(Severity.WARN, 1021, Kind.NONE),
  WARN_STORPOOL_RENAME_NOT_ALLOWED(Severity.WARN, 1022, Kind.NONE),
  WARN_VLMDFN_RESIZE_SAME_SIZE(Severity.WARN, 1023, Kind.NONE),
  WARN_NOT_FOUND(Severity.WARN, 3000, Kind.NONE),
  WARN_DEPRECATED(Severity.WARN, 4000, Kind.NONE),
  INFO_NO_RSC_SPAWNED(Severity.INFO, 10000, Kind.NONE),
  INFO_NODE_NAME_MISMATCH(Severity.INFO, 10001, Kind.NONE),
  INFO_PROP_SET(Severity.INFO, 10002, Kind.NONE),
  INFO_TIE_BREAKER_CREATED(Severity.INFO, 10003, Kind.NONE),
  INFO_TIE_BREAKER_DELETING(Severity.INFO, 10004, Kind.NONE),
  INFO_TIE_BREAKER_TAKEOVER(Severity.INFO, 10006, Kind.NONE),
  INFO_PROP_REMOVED(Severity.INFO, 10005, Kind.NONE),
  INFO_AUTO_DRBD_PROXY_CREATED(Severity.INFO, 10007, Kind.NONE),
  INFO_NOOP(Severity.INFO, 10007, Kind.NONE),
  INFO_RSC_ALREADY_EXISTS(Severity.INFO, 10008, Kind.NONE),
  INFO_ABORTED_FAILED_SNAPSHOT_ROLLBACK(Severity.INFO, 10009, Kind.NONE),
  INFO_RECOVERING_FAILED_SNAPSHOT_ROLLBACK(Severity.INFO, 10010, Kind.NONE),
  FAIL_SIGN_IN(Severity.ERROR, 10000, Kind.OTHER),
  FAIL_SIGN_IN_MISSING_CREDENTIALS(Severity.ERROR, 10001, Kind.OTHER),
  UNKNOWN_API_CALL(0x0FFFFFFFFFFFFFFFL | ApiCallRc.MASK_ERROR, Kind.OTHER),
  API_CALL_AUTH_REQ(0x0FFFFFFFFFFFFFFEL | ApiCallRc.MASK_ERROR, Kind.OTHER),
  API_CALL_PARSE_ERROR(0x0FFFFFFFFFFFFFFDL | ApiCallRc.MASK_ERROR, Kind.INVALID);

  /** The severity bits of a return code. */
  public enum Severity {
    SUCCESS(0L),
    INFO(ApiCallRc.MASK_INFO),
    WARN(ApiCallRc.MASK_WARN),
    ERROR(ApiCallRc.MASK_ERROR);

    private final long mask;

    Severity(long mask) {
      this.mask = mask;
    }

    public long mask() {
      return mask;
    }

    public static Severity of(long retCode) {
      long bits = retCode & MASK_SEVERITY;
      for (Severity s : values()) {
        if (s.mask == bits) {
          return s;
        }
      }
      throw new AssertionError("two bits have four values");
    }
  }

  /** What an error code means for a caller; NONE for success, info and warning codes. */
  public enum Kind {
    NONE,
    NOT_FOUND,
    /** FAIL_EXISTS_*: "already exists" on a create, "has dependents" on a delete. */
    EXISTS,
    IN_USE,
    INVALID,
    NO_SPACE,
    UNAVAILABLE,
    OTHER
  }

  private static final long MASK_SEVERITY = 0xC000000000000000L;
  private static final long MASK_CODE = 0x7FFFL;
  private static final Map<Long, RetCode> BY_KEY = new HashMap<>();

  static {
    for (RetCode rc : values()) {
      // first wins: INFO_AUTO_DRBD_PROXY_CREATED and INFO_NOOP share one value
      BY_KEY.putIfAbsent(rc.key, rc);
    }
  }

  private final Severity severity;
  private final long key;
  private final boolean whole;
  private final Kind kind;

  RetCode(Severity severity, int code, Kind kind) {
    this.severity = severity;
    this.key = severity.mask() | code;
    this.whole = false;
    this.kind = kind;
  }

  RetCode(long wholeValue, Kind kind) {
    this.severity = Severity.of(wholeValue);
    this.key = wholeValue;
    this.whole = true;
    this.kind = kind;
  }

  /** The known constant behind a {@code ret_code}, if this table has it. */
  public static Optional<RetCode> of(long retCode) {
    RetCode exact = BY_KEY.get(retCode);
    if (exact != null && exact.whole) {
      return Optional.of(exact);
    }
    RetCode masked = BY_KEY.get((retCode & MASK_SEVERITY) | (retCode & MASK_CODE));
    return masked == null || masked.whole ? Optional.empty() : Optional.of(masked);
  }

  public Severity severity() {
    return severity;
  }

  /** The code bits (0-14); for the three special constants the whole value. */
  public long code() {
    return whole ? key : key & MASK_CODE;
  }

  public Kind kind() {
    return kind;
  }

  /** True when {@code retCode} carries this constant (ignoring operation and object bits). */
  public boolean matches(long retCode) {
    return of(retCode).filter(rc -> rc == this).isPresent();
  }
}
