/**
 * DRBD as one node sees it: parsers for {@code drbdsetup events2} (DRBD 9 and 8.4 forms) and {@code
 * drbdsetup status --json}, an in-memory state fed by one long-lived {@code events2} process that
 * also remembers split-brain evidence (which no snapshot shows), the health verdict that becomes a
 * CSI VolumeCondition, and the few {@code drbdadm} actions the node takes (demote). Parsing is
 * tolerant: unknown fields and objects are ignored, so a newer DRBD does not break it.
 */
package io.linstorcsi.node.drbd;
