package io.linstorcsi.controller.provisioning;

import io.linstorcsi.common.CsiError;

/**
 * A CSI capacity range in bytes; 0 means "not given".
 *
 * @param requiredBytes at least this much
 * @param limitBytes at most this much
 */
public record CapacityRange(long requiredBytes, long limitBytes) {
  public static final long KIB = 1024;
  public static final long MIB = 1024 * KIB;

  public static final CapacityRange UNSPECIFIED = new CapacityRange(0, 0);

  public CapacityRange {
    if (requiredBytes < 0 || limitBytes < 0) {
      throw CsiError.invalidArgument("capacity range must not be negative");
    }
    if (limitBytes > 0 && requiredBytes > limitBytes) {
      throw CsiError.outOfRange(
          "required bytes " + requiredBytes + " exceed the limit of " + limitBytes + " bytes");
    }
  }

  /**
   * The size to ask LINSTOR for: at least what the file system needs (mkfs.xfs refuses less than
   * 300 MiB; ext4 below 2 MiB has no journal), rounded up to whole KiB because LINSTOR sizes in
   * KiB. OUT_OF_RANGE when that no longer fits under the limit.
   */
  public long allocationBytes(String fsType) {
    long minimum =
        switch (fsType == null ? "" : fsType) {
          case "xfs" -> 300 * MIB;
          case "ext4", "ext3", "ext2" -> 2 * MIB;
          default -> 4 * KIB;
        };
    long wanted = Math.max(requiredBytes, minimum);
    long rounded = Math.ceilDiv(wanted, KIB) * KIB;
    if (limitBytes > 0 && rounded > limitBytes) {
      throw CsiError.outOfRange(
          "a "
              + (fsType == null || fsType.isEmpty() ? "block" : fsType)
              + " volume needs "
              + rounded
              + " bytes, more than the limit of "
              + limitBytes
              + " bytes; raise the limit");
    }
    return rounded;
  }

  /** Whether an existing volume of {@code bytes} satisfies this range. */
  public boolean accepts(long bytes) {
    return bytes >= requiredBytes && (limitBytes == 0 || bytes <= limitBytes);
  }
}
