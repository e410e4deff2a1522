/**
 * The CSI Controller service on LINSTOR: {@link io.linstorcsi.controller.ControllerService} turns
 * what the external-provisioner, -attacher, -resizer and -snapshotter ask into LINSTOR REST calls
 * through {@code linstor-client}.
 *
 * <p>Sub-packages: {@code ids} (volume and snapshot ids, wire-compatible with Piraeus' Go driver),
 * {@code params} (StorageClass parameters as one validated record), {@code placement} (where
 * replicas go and where a volume is accessible from), {@code provisioning} (volume lifecycle) and
 * {@code snapshots}. CSI protobuf types stop at the service class; everything below takes our own
 * records. Must not depend on the node module or on Kubernetes client libraries.
 */
package io.linstorcsi.controller;
