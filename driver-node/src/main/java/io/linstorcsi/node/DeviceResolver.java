package io.linstorcsi.node;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.node.host.BlockDevices;
import io.linstorcsi.node.host.DeviceNumber;
import io.linstorcsi.node.host.PathGuard;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Finds a volume's device: from the publish context, else through LINSTOR, then waits for it. */
final class DeviceResolver {
  /** A device as the node uses it: the path to hand to tools, the number to compare mounts by. */
  record Device(Path path, DeviceNumber number) {}

  private final DeviceLocator locator;
  private final String nodeName;
  private final Duration wait;

  DeviceResolver(DeviceLocator locator, String nodeName, Duration wait) {
    this.locator = locator;
    this.nodeName = nodeName;
    this.wait = wait;
  }

  Device resolve(String volumeId, Map<String, String> publishContext) throws InterruptedException {
    Path path = path(volumeId, publishContext);
    return new Device(path, BlockDevices.await(path, wait));
  }

  private Path path(String volumeId, Map<String, String> publishContext) {
    String given = publishContext.get(PublishContextKeys.DEVICE_PATH);
    if (given != null && !given.isEmpty()) {
      return PathGuard.checkDevice("publish_context " + PublishContextKeys.DEVICE_PATH, given);
    }
    Optional<String> located = locator.devicePath(volumeId, nodeName);
    if (located.isEmpty()) {
      throw CsiError.notFound(
          "volume "
              + volumeId
              + " has no device on node "
              + nodeName
              + " (LINSTOR lists no resource of it here); was it published to this node?");
    }
    return PathGuard.checkDevice("device path of " + volumeId + " from LINSTOR", located.get());
  }
}
