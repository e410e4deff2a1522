package io.linstorcsi.controller.provisioning;

/** LINSTOR property keys the driver reads and writes (Go driver names where one exists). */
public final class Props {
  /** On a resource definition: provisioning finished; value {@code linstor-csi/<version>}. */
  public static final String COMPLETED_BY = "Aux/csi-provisioning-completed-by";

  /**
   * On a resource definition: the definition its completion mark was written for. LINSTOR's restore
   * copies the snapshot's definition properties over the target's (linstor-server
   * CtrlSnapshotRestoreApiCallHandler, CtrlPropsHelper.copy with override), completion mark
   * included; a mark naming another definition is inherited, not earned.
   */
  public static final String COMPLETED_FOR = "Aux/csi-provisioning-completed-for";

  /**
   * On a resource definition made for a restore or a clone until it is complete, so that a source's
   * mark copied by the restore (from a volume that predates {@link #COMPLETED_FOR}) never counts.
   */
  public static final String IN_PROGRESS = "Aux/csi-provisioning-in-progress";

  /**
   * On a resource definition whose volume was deleted while snapshots still need it: hides the
   * definition until the last snapshot goes.
   */
  public static final String DELETED = "Aux/csi-volume-deleted";

  /** On a resource: a diskless attachment made by ControllerPublishVolume, removed on unpublish. */
  public static final String TEMPORARY_DISKLESS = "Aux/csi-temporary-diskless-attach";

  /**
   * On a resource: how ControllerPublishVolume published it to its node ({@code true} read-only,
   * {@code false} read-write), so that a publish with the other flag is refused until unpublish
   * removes the mark.
   */
  public static final String PUBLISHED_READONLY = "Aux/csi-published-readonly";

  /** On a resource definition: PVC coordinates, for people reading LINSTOR. */
  public static final String PVC_NAME = "Aux/csi.storage.k8s.io/pvc/name";

  public static final String PVC_NAMESPACE = "Aux/csi.storage.k8s.io/pvc/namespace";

  /** LINSTOR's own file system properties (the Go driver set them on the volume definition). */
  public static final String FS_TYPE = "FileSystem/Type";

  public static final String FS_MKFS_PARAMS = "FileSystem/MkfsParams";

  /** DRBD option that live migration of RWX block volumes needs. */
  /**
   * Replicas created from now on get fresh DRBD metadata and sync from an UpToDate peer
   * (linstor-server CtrlRscCrtApiHelper copyForceInitialSyncProp, DrbdLayerUtils).
   */
  public static final String FORCE_INITIAL_SYNC = "DrbdOptions/ForceInitialSync";

  public static final String ALLOW_TWO_PRIMARIES = "DrbdOptions/Net/allow-two-primaries";

  public static final String STOR_POOL_NAME = "StorPoolName";

  /** Completed-by values of both drivers start with this. */
  public static final String DRIVER_PREFIX = "linstor-csi";

  private Props() {}
}
