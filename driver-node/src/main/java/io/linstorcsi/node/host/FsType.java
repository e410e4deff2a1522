package io.linstorcsi.node.host;

import io.linstorcsi.common.CsiError;
import java.util.List;
import java.util.Locale;

/** The filesystems the node service creates and mounts. */
public enum FsType {
  EXT4("ext4", "mkfs.ext4"),
  XFS("xfs", "mkfs.xfs");

  /** What an empty {@code fs_type} means, as in the Go driver. */
  public static final FsType DEFAULT = EXT4;

  private final String id;
  private final String mkfs;

  FsType(String id, String mkfs) {
    this.id = id;
    this.mkfs = mkfs;
  }

  public String id() {
    return id;
  }

  String mkfs() {
    return mkfs;
  }

  /** Parses a capability's {@code fs_type}; empty means {@link #DEFAULT}. */
  public static FsType parse(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT;
    }
    String wanted = value.strip().toLowerCase(Locale.ROOT);
    for (FsType type : values()) {
      if (type.id.equals(wanted)) {
        return type;
      }
    }
    throw CsiError.invalidArgument(
        "fs_type '"
            + value
            + "' is not supported; use one of "
            + List.of(values()).stream().map(FsType::id).toList());
  }

  @Override
  public String toString() {
    return id;
  }
}
