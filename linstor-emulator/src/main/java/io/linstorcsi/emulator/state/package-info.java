/**
 * The emulated cluster: nodes, storage pools, resource groups, resource and volume definitions,
 * resources, snapshots and the DRBD view of them. Mutable objects, guarded by the one {@link
 * io.linstorcsi.emulator.state.Cluster#lock()} (the emulator serves a handful of test clients, so a
 * single lock keeps every reply consistent without a transaction layer). Internal to the emulator.
 */
package io.linstorcsi.emulator.state;
