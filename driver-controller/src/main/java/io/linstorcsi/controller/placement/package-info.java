/**
 * Where a volume's replicas go and from where the volume is accessible. Each placement policy of a
 * StorageClass is one strategy behind the sealed {@link
 * io.linstorcsi.controller.placement.Placement} interface; strategies act on a {@link
 * io.linstorcsi.controller.placement.Cluster} (LINSTOR for real, a small in-memory model in tests),
 * so each can be tested alone. Takes our own records, never CSI protobuf types.
 */
package io.linstorcsi.controller.placement;
