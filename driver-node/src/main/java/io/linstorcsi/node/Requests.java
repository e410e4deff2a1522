package io.linstorcsi.node;

import io.linstorcsi.common.CsiError;

/** Checks of request fields shared by the RPCs. */
final class Requests {
  private static final int MAX_ID = 256;

  private Requests() {}

  static String volumeId(String value) {
    if (value == null || value.isEmpty()) {
      throw CsiError.invalidArgument("volume_id is required");
    }
    if (value.length() > MAX_ID || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw CsiError.invalidArgument(
          "volume_id must be at most " + MAX_ID + " printable characters");
    }
    return value;
  }

  /**
   * The DRBD resource of a volume id: the Go driver's ids are {@code resource} or {@code
   * resource/volumeNumber}, and LINSTOR names the DRBD resource after the resource.
   */
  static String resourceName(String volumeId) {
    int slash = volumeId.indexOf('/');
    return slash < 0 ? volumeId : volumeId.substring(0, slash);
  }
}
