/**
 * The DRBD state the satellites would report for a resource: peer connections, disk states, "in
 * use", promotion; derived from node liveness, the block devices' use and injected faults. Internal
 * to the emulator.
 */
package io.linstorcsi.emulator.drbd;
