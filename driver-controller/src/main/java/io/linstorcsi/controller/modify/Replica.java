package io.linstorcsi.controller.modify;

/**
 * One node's resource of a volume, as far as changing the replica count cares.
 *
 * @param node the node
 * @param diskful holds a copy of the data (not diskless, not a tie-breaker, not being deleted)
 * @param inUse DRBD Primary there: a process has the device open
 * @param diskState the DRBD disk state of the replica's volumes ("UpToDate" when all are); empty
 *     when LINSTOR does not know it (e.g. the satellite is offline)
 */
record Replica(String node, boolean diskful, boolean inUse, String diskState) {
  static final String UP_TO_DATE = "UpToDate";

  boolean upToDate() {
    return UP_TO_DATE.equals(diskState);
  }
}
