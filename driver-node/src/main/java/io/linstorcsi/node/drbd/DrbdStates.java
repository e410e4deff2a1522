package io.linstorcsi.node.drbd;

import java.util.Set;

/**
 * Classifies state names. DRBD 8.4 reports replication states ("SyncSource", "WFBitMapS") and its
 * own disconnected states ("WFConnection", "NetworkFailure") where DRBD 9 says "Connected" and
 * "Connecting", so the checks go by class, not by one exact name.
 */
final class DrbdStates {
  private static final Set<String> SYNCING =
      Set.of(
          "StartingSyncS",
          "StartingSyncT",
          "WFBitMapS",
          "WFBitMapT",
          "WFSyncUUID",
          "SyncSource",
          "SyncTarget",
          "PausedSyncS",
          "PausedSyncT");
  private static final Set<String> TARGET =
      Set.of("StartingSyncT", "WFBitMapT", "WFSyncUUID", "SyncTarget", "PausedSyncT");
  private static final Set<String> CONNECTED_ONLY =
      Set.of("Connected", "Established", "VerifyS", "VerifyT", "Ahead", "Behind");

  private DrbdStates() {}

  /** A connection state (9 or 8.4) under which data flows between the two nodes. */
  static boolean connected(String connectionState) {
    return connectionState != null
        && (CONNECTED_ONLY.contains(connectionState) || SYNCING.contains(connectionState));
  }

  static boolean standAlone(String connectionState) {
    return "StandAlone".equals(connectionState);
  }

  /** A replication state in which a resync is under way or about to start. */
  static boolean syncing(String replicationState) {
    return replicationState != null && SYNCING.contains(replicationState);
  }

  /** This node receives the resync. */
  static boolean syncTarget(String replicationState) {
    return replicationState != null && TARGET.contains(replicationState);
  }
}
