/**
 * The CSI GroupController service: crash-consistent snapshots of several volumes taken with one
 * LINSTOR multi-snapshot action. A group is a set of LINSTOR snapshots of the same name whose
 * snapshot definitions carry {@link io.linstorcsi.controller.groupsnapshots.GroupProps#GROUP}, so a
 * group is found again from LINSTOR alone; each member is an ordinary in-cluster snapshot that
 * CreateVolume restores like any other.
 */
package io.linstorcsi.controller.groupsnapshots;
