/**
 * The CSI node service on real DRBD block devices. The host kernel has no DRBD, so each test class
 * boots Debian's kernel (DRBD 8.4 in tree) under qemu with software emulation. The guests see the
 * host's root file system read-only with a RAM overlay on top, so the host's drbd-utils, mkfs,
 * mount, JDK and the project's built jars run unchanged inside them. The packaged driver runs in
 * the guest as the node plugin and a small CSI client, also run in the guest, calls it over its
 * Unix socket.
 *
 * <p>The harness: {@link io.linstorcsi.drbd.GuestKernel} and {@link
 * io.linstorcsi.drbd.GuestInitramfs} prepare the boot, {@link io.linstorcsi.drbd.QemuGuest} runs
 * one guest with a command agent ({@link io.linstorcsi.drbd.GuestAgent}) and a QMP monitor ({@link
 * io.linstorcsi.drbd.Qmp}), {@link io.linstorcsi.drbd.DrbdGuests} boots them once per test class
 * and {@link io.linstorcsi.drbd.QemuReaper} makes sure none outlives the test JVM.
 *
 * <p>Nothing here is shipped; it depends on the driver, never the other way round.
 */
package io.linstorcsi.drbd;
