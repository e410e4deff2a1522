/**
 * The volume lifecycle on LINSTOR: create (spawn from a resource group, place, mark complete),
 * delete, publish to a node, expand, and the reads behind ListVolumes, ControllerGetVolume and
 * GetCapacity. Every step reconciles, so a retry after a crash between any two LINSTOR calls
 * converges. Takes our records, never CSI protobuf types.
 */
package io.linstorcsi.controller.provisioning;
