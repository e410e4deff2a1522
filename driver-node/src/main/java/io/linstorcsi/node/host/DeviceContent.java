package io.linstorcsi.node.host;

/** What {@code blkid} found on a device. */
public sealed interface DeviceContent {
  /** No signature at all: safe to format. */
  record Blank() implements DeviceContent {}

  /** A filesystem (or other superblock, e.g. swap, LUKS) of the given type. */
  record Filesystem(String type) implements DeviceContent {}

  /** Something that is no filesystem but must not be overwritten either (a partition table). */
  record Other(String description) implements DeviceContent {}

  default String describe() {
    return switch (this) {
      case Blank b -> "nothing (blank)";
      case Filesystem f -> "a " + f.type() + " filesystem";
      case Other o -> o.description();
    };
  }
}
