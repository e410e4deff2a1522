package io.linstorcsi.node;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.node.host.MountOptions;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The filesystem options a volume carries in its volume context, parsed and checked once.
 *
 * @param fsOpts extra mkfs arguments
 * @param mountOpts extra mount options (allow-listed)
 * @param postMountXfsOpts an {@code xfs_io -c} command for freshly staged xfs volumes
 */
record VolumeOptions(
    List<String> fsOpts, List<String> mountOpts, Optional<String> postMountXfsOpts) {

  static final VolumeOptions NONE = new VolumeOptions(List.of(), List.of(), Optional.empty());

  VolumeOptions {
    fsOpts = List.copyOf(fsOpts);
    mountOpts = List.copyOf(mountOpts);
  }

  static VolumeOptions parse(Map<String, String> volumeContext) {
    String fs = lookup(volumeContext, VolumeContextKeys.FS_OPTS);
    if (fs == null) {
      fs = lookup(volumeContext, VolumeContextKeys.CONTROLLER_FS_OPTS);
    }
    String mount = lookup(volumeContext, VolumeContextKeys.MOUNT_OPTS);
    if (mount == null) {
      mount = lookup(volumeContext, VolumeContextKeys.GO_MOUNT_OPTIONS);
    }
    String xfs = lookup(volumeContext, VolumeContextKeys.POST_MOUNT_XFS_OPTS);
    if (xfs == null) {
      xfs = lookup(volumeContext, VolumeContextKeys.GO_POST_MOUNT_XFS_OPTS);
    }
    return new VolumeOptions(
        fsOpts(fs),
        MountOptions.check(
            "volume context " + VolumeContextKeys.MOUNT_OPTS, MountOptions.split(mount)),
        xfsOpts(xfs));
  }

  /**
   * mkfs arguments go to mkfs as an argument list, so there is no shell to escape; still no token
   * may name a path: that is how a device (a second positional argument) or a host directory
   * ({@code mkfs.ext4 -d}) would be smuggled in.
   */
  private static List<String> fsOpts(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    if (value.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
      throw CsiError.invalidArgument(
          VolumeContextKeys.FS_OPTS + " must be one line of arguments without control characters");
    }
    List<String> tokens = Arrays.asList(value.strip().split("\\s+"));
    for (String token : tokens) {
      if (token.indexOf('/') >= 0) {
        throw CsiError.invalidArgument(
            VolumeContextKeys.FS_OPTS + " must not name paths, got '" + token + "'");
      }
    }
    return List.copyOf(tokens);
  }

  private static Optional<String> xfsOpts(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    if (value.chars().anyMatch(c -> c < 0x20)) {
      throw CsiError.invalidArgument(
          VolumeContextKeys.POST_MOUNT_XFS_OPTS + " must not hold control characters");
    }
    return Optional.of(value.strip());
  }

  /** Case-insensitive in the driver's namespace; the bare key counts too. */
  private static String lookup(Map<String, String> context, String key) {
    String wanted = key.substring(VolumeContextKeys.NAMESPACE.length()).toLowerCase(Locale.ROOT);
    for (Map.Entry<String, String> e : context.entrySet()) {
      String k = e.getKey().toLowerCase(Locale.ROOT);
      if (k.startsWith(VolumeContextKeys.NAMESPACE)) {
        k = k.substring(VolumeContextKeys.NAMESPACE.length());
      } else if (k.contains("/")) {
        continue;
      }
      if (k.equals(wanted)) {
        return e.getValue();
      }
    }
    return null;
  }
}
