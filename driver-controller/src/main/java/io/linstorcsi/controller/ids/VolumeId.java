package io.linstorcsi.controller.ids;

import io.linstorcsi.common.CsiError;

/**
 * A CSI volume id: the LINSTOR resource definition and the volume number inside it. On the wire it
 * is the resource name alone for volume 0 and {@code name/N} otherwise (Go driver format).
 */
public record VolumeId(String resourceName, int volumeNumber) {
  /** DRBD numbers volumes with 16 bits. */
  public static final int MAX_VOLUMES = 1 << 16;

  public VolumeId {
    if (resourceName == null || resourceName.isEmpty()) {
      throw CsiError.invalidArgument("volume id is missing a resource name");
    }
    if (volumeNumber < 0 || volumeNumber >= MAX_VOLUMES) {
      throw CsiError.invalidArgument(
          "volume number " + volumeNumber + " is out of range [0, " + MAX_VOLUMES + ")");
    }
  }

  public static VolumeId of(String resourceName) {
    return new VolumeId(resourceName, 0);
  }

  /** Parses a volume id from a CSI request; malformed ids are INVALID_ARGUMENT. */
  public static VolumeId parse(String id) {
    if (id == null || id.isEmpty()) {
      throw CsiError.invalidArgument("volume id must not be empty");
    }
    int slash = id.indexOf('/');
    if (slash < 0) {
      return new VolumeId(id, 0);
    }
    String name = id.substring(0, slash);
    String number = id.substring(slash + 1);
    if (name.isEmpty()) {
      throw CsiError.invalidArgument("volume id '" + id + "' is missing a resource name");
    }
    try {
      return new VolumeId(name, Integer.parseInt(number));
    } catch (NumberFormatException e) {
      throw CsiError.invalidArgument(
          "volume id '" + id + "' must be <resource> or <resource>/<volume number>");
    }
  }

  /**
   * The id of a new volume named {@code requestName} by the CO. With {@code usePvcName} and both
   * PVC coordinates known, {@code namespace-name} is used when LINSTOR accepts it; otherwise the
   * request name itself, or {@code vol-<uuid5>} when LINSTOR would refuse the name.
   */
  public static VolumeId forRequest(
      String requestName, boolean usePvcName, String pvcNamespace, String pvcName) {
    if (usePvcName && notEmpty(pvcNamespace) && notEmpty(pvcName)) {
      String generated = pvcNamespace + "-" + pvcName;
      if (LinstorNames.isValid(generated)) {
        return of(generated);
      }
    }
    return of(LinstorNames.compatible(requestName, "vol-"));
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }

  @Override
  public String toString() {
    return volumeNumber == 0 ? resourceName : resourceName + "/" + volumeNumber;
  }
}
