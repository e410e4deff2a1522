package io.linstorcsi.node;

import java.util.Optional;

/**
 * Finds a volume's block device on a node when the publish context does not carry it (volumes
 * published by an older controller). The app implements it with the LINSTOR client: the device path
 * of the volume's resource on the node.
 */
@FunctionalInterface
public interface DeviceLocator {
  /**
   * The device path (e.g. {@code /dev/drbd1000}) of {@code volumeId} on {@code nodeName}, or empty
   * when the volume has no resource there. Failures (LINSTOR unreachable) are thrown and reach the
   * caller through the status mapper.
   */
  Optional<String> devicePath(String volumeId, String nodeName);
}
