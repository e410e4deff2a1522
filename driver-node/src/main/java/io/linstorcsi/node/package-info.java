/**
 * The CSI Node service: staging, publishing, stats, expansion and node info on real block devices
 * (DRBD in production). The public surface is {@link io.linstorcsi.node.NodeService} with its
 * {@link io.linstorcsi.node.NodeConfig}, the two interfaces the app wires to LINSTOR ({@link
 * io.linstorcsi.node.DeviceLocator}, {@link io.linstorcsi.node.NodeTopology}) and the context key
 * constants the controller must use too. Subpackages ({@code host}, {@code exec}, {@code drbd}) are
 * public only because Java packages need it; other modules must not use them.
 *
 * <p>Depends on driver-common and the CSI protocol only: no LINSTOR client, no Kubernetes client.
 */
package io.linstorcsi.node;
