package io.linstorcsi.drbd;

import java.nio.file.Path;

/**
 * What every guest of a test class boots with.
 *
 * @param kernel the Debian kernel with DRBD
 * @param initramfs built by {@link GuestInitramfs}
 * @param agent the host path of {@code drbdvm/agent.sh}, which the guest sees at the same path
 * @param workDir console logs, disk images and PID files (in the build directory)
 * @param socketDir the agent and QMP sockets: short paths, because a Unix socket path has at most
 *     107 bytes
 */
record GuestBoot(GuestKernel kernel, Path initramfs, Path agent, Path workDir, Path socketDir) {}
