/**
 * End-to-end tests of the CSI lifecycle as a Kubernetes cluster drives it. The driver runs as real
 * processes (one controller, one node plugin per node, each on its own Unix socket), LINSTOR is the
 * in-process emulator backed by sparse files on loop devices, and the tests play the parts of
 * external-provisioner, external-attacher, external-resizer, external-snapshotter and kubelet, in
 * their call order and with their paths. Every test checks afterwards that no resource definition,
 * snapshot, loop device or mount is left behind.
 *
 * <p>Nothing here is shipped; the module depends on the driver and the emulator for tests only.
 */
package io.linstorcsi.e2e;
