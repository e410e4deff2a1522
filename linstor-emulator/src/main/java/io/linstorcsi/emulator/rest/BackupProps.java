package io.linstorcsi.emulator.rest;

/**
 * Property keys and values of backup shipping (linstor-server InternalApiConsts,
 * BackupShippingUtils.BACKUP_SOURCE_PROPS_NAMESPC / BACKUP_TARGET_PROPS_NAMESPC; in 1.33.3 the
 * state of a shipment lives in these snapshot definition properties, not in snapshot flags).
 */
final class BackupProps {
  static final String NAMESPACE = "BackupShipping";
  static final String TARGET = NAMESPACE + "/Target/";
  static final String STATUS = "ShippingStatus";
  static final String SRC_NODE = "SrcNode";
  static final String DST_NODE = "DstNode";
  static final String START_TIMESTAMP = "BackupStartTimestamp";
  static final String TARGET_REMOTE = "BackupTargetRemote";
  static final String LAST_SNAPSHOT = "BackupLastSnapshot";
  static final String LAST_STARTED_OR_QUEUED = "BackupLastStartedOrQueued";
  static final String LAST_FULL_TIMESTAMP = "LastFullBackupTimestamp";
  static final String SRC_REMOTE = "BackupSrcRemote";
  static final String NODE_IDS_TO_RESET = NAMESPACE + "/BackupNodeIdsToReset";
  static final String FORCE_INITIAL_SYNC = "DrbdOptions/ForceInitialSyncPermanent";

  static final String PREPARE_SHIPPING = "Prepare Shipping";
  static final String SHIPPING = "Shipping";
  static final String SUCCESS = "Success";
  static final String FAILED = "Failed";
  static final String ABORTED = "Aborted";

  private BackupProps() {}

  /** {@code BackupShipping/Source/<remote>/<key>}. */
  static String source(String remote, String key) {
    return NAMESPACE + "/Source/" + remote + "/" + key;
  }

  static String target(String key) {
    return TARGET + key;
  }

  /** The ShippingStatus value of a shipment's end. */
  static String statusOf(io.linstorcsi.emulator.backup.Shipment.Outcome outcome) {
    return switch (outcome) {
      case SUCCEEDED -> SUCCESS;
      case ABORTED -> ABORTED;
      default -> FAILED;
    };
  }
}
