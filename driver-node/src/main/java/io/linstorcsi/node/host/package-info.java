/**
 * The host as the node service sees it: block devices, the mount table, mounting, formatting,
 * growing and measuring filesystems, and the checks that keep requests inside what kubelet may ask
 * for (paths, mount options). Every program runs through {@link
 * io.linstorcsi.node.exec.CommandRunner}; kernel facts are read from {@code /proc} and {@code /sys}
 * directly. Knows nothing of CSI messages or of LINSTOR.
 */
package io.linstorcsi.node.host;
