package io.linstorcsi.emulator.state;

/**
 * Storage provider kinds with the traits the controller derives from them (linstor-server
 * server/.../storage/kinds/DeviceProviderKind.java: snapshot support, thin provisioning, clone
 * support).
 */
public enum ProviderKind {
  DISKLESS(false, true, true),
  LVM(false, false, true),
  LVM_THIN(true, true, true),
  ZFS(true, false, true),
  ZFS_THIN(true, true, true),
  FILE(true, false, false),
  FILE_THIN(true, true, false),
  SPDK(true, false, false),
  REMOTE_SPDK(true, false, false),
  EBS_INIT(false, false, false),
  EBS_TARGET(true, false, false);

  private final boolean snapshots;
  private final boolean thin;
  private final boolean clone;

  ProviderKind(boolean snapshots, boolean thin, boolean clone) {
    this.snapshots = snapshots;
    this.thin = thin;
    this.clone = clone;
  }

  public boolean supportsSnapshots() {
    return snapshots;
  }

  public boolean thin() {
    return thin;
  }

  public boolean supportsClone() {
    return clone;
  }

  /**
   * Whether backups can be shipped from pools of this kind: LVM_THIN, ZFS and ZFS_THIN only
   * (DeviceProviderKind's isBackupShippingSupported, linstor-server 1.33.3).
   */
  public boolean supportsBackupShipping() {
    return this == LVM_THIN || this == ZFS || this == ZFS_THIN;
  }

  /** The label satellites put into volume messages, e.g. "[FILE THIN]". */
  public String label() {
    return name().replace('_', ' ');
  }

  public static ProviderKind parse(String value) {
    return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
  }
}
