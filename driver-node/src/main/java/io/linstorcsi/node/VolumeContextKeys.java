package io.linstorcsi.node;

/**
 * Keys of the {@code volume_context} (set by CreateVolume, passed to every node call) that the node
 * reads. Matching is case-insensitive in the {@code linstor.csi.linbit.com/} namespace and also
 * accepts the bare key, as StorageClass parameters do; the Go driver's own spellings are accepted
 * so that existing volumes keep their options.
 */
public final class VolumeContextKeys {
  public static final String NAMESPACE = "linstor.csi.linbit.com/";

  /** Extra arguments for mkfs, whitespace separated (StorageClass parameter {@code fsOpts}). */
  public static final String FS_OPTS = NAMESPACE + "fsOpts";

  /** Extra mount options, comma separated (StorageClass parameter {@code mountOpts}). */
  public static final String MOUNT_OPTS = NAMESPACE + "mountOpts";

  /** The spelling the controller writes into the volume context (Go-style, hyphenated). */
  public static final String CONTROLLER_FS_OPTS = NAMESPACE + "fs-opts";

  /** An {@code xfs_io -c} command run on a freshly mounted xfs volume. */
  public static final String POST_MOUNT_XFS_OPTS = NAMESPACE + "postMountXfsOpts";

  /** The Go driver's volume-context spelling of {@link #MOUNT_OPTS}. */
  public static final String GO_MOUNT_OPTIONS = NAMESPACE + "mount-options";

  /** The Go driver's volume-context spelling of {@link #POST_MOUNT_XFS_OPTS}. */
  public static final String GO_POST_MOUNT_XFS_OPTS = NAMESPACE + "post-mount-xfs-opts";

  private VolumeContextKeys() {}
}
