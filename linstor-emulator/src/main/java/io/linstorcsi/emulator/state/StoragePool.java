package io.linstorcsi.emulator.state;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** A storage pool on one node; capacities in KiB. */
public final class StoragePool {
  public static final String DISKLESS_POOL = "DfltDisklessStorPool";

  /** The autoplacer lets thin pools promise up to this multiple of their free space. */
  public static final double MAX_OVERSUBSCRIPTION = 20.0;

  private final Node node;
  private final String name;
  private final ProviderKind kind;
  private final UUID uuid = UUID.randomUUID();
  private final Map<String, String> props = new TreeMap<>();
  private final long totalKib;
  private boolean full;
  private boolean snapshotsBroken;
  private boolean snapshotTakeFails;

  public StoragePool(Node node, String name, ProviderKind kind, long totalKib) {
    this.node = node;
    this.name = name;
    this.kind = kind;
    this.totalKib = totalKib;
  }

  public Node node() {
    return node;
  }

  public String name() {
    return name;
  }

  public ProviderKind kind() {
    return kind;
  }

  public UUID uuid() {
    return uuid;
  }

  public Map<String, String> props() {
    return props;
  }

  public long totalKib() {
    return totalKib;
  }

  public boolean diskless() {
    return kind == ProviderKind.DISKLESS;
  }

  /** Fault: the pool reports no free space, so placements on it fail like on a full pool. */
  public boolean full() {
    return full;
  }

  public void setFull(boolean value) {
    full = value;
  }

  /**
   * Fault: the pool advertises snapshots but cannot take them, like FILE_THIN on a file system
   * without reflink (recorded on ext4).
   */
  public boolean snapshotsBroken() {
    return snapshotsBroken;
  }

  public void setSnapshotsBroken(boolean value) {
    snapshotsBroken = value;
  }

  /** Fault: the satellite fails while taking a snapshot the controller has registered. */
  public boolean snapshotTakeFails() {
    return snapshotTakeFails;
  }

  public void setSnapshotTakeFails(boolean value) {
    snapshotTakeFails = value;
  }

  public String freeSpaceManagerName() {
    return node.name() + ";" + name;
  }
}
