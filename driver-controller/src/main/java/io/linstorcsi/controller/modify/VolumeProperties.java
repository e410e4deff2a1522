package io.linstorcsi.controller.modify;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.controller.provisioning.Props;
import io.linstorcsi.linstor.LinstorClient;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Sets a volume's own LINSTOR properties on its resource definition. LINSTOR reads a resource's
 * properties with the definition's before its group's, so the change reaches this volume alone
 * while the StorageClass's resource group stays shared and untouched.
 */
final class VolumeProperties {
  /** Keys the driver manages itself; a user value would break provisioning or attachment. */
  private static final Set<String> DRIVER_OWNED =
      Set.of(
          Props.ALLOW_TWO_PRIMARIES,
          Props.FORCE_INITIAL_SYNC,
          Props.FS_TYPE,
          Props.FS_MKFS_PARAMS,
          Props.STOR_POOL_NAME);

  private VolumeProperties() {}

  /** Refuses keys the driver owns, before anything is written. */
  static void check(Map<String, String> wanted) {
    for (String key : wanted.keySet()) {
      if (DRIVER_OWNED.contains(key) || key.startsWith("Aux/csi")) {
        throw CsiError.invalidArgument(
            "property '"
                + key
                + "' is managed by the driver and cannot be set through mutable parameters");
      }
    }
  }

  /** Writes the properties that differ; returns whether a write was needed. */
  static boolean apply(
      LinstorClient client,
      String resource,
      Map<String, String> current,
      Map<String, String> wanted) {
    Map<String, String> changed = new TreeMap<>();
    wanted.forEach(
        (key, value) -> {
          if (!Objects.equals(current.get(key), value)) {
            changed.put(key, value);
          }
        });
    if (changed.isEmpty()) {
      return false;
    }
    client.resourceDefinitions().modifyProps(resource, changed, List.of());
    return true;
  }
}
