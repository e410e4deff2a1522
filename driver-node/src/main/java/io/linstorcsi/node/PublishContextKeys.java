package io.linstorcsi.node;

/**
 * Keys of the {@code publish_context} that ControllerPublishVolume returns and kubelet hands to
 * NodeStageVolume and NodePublishVolume. The same strings as the Go driver, so volumes published by
 * either keep working.
 */
public final class PublishContextKeys {
  /** The block device of the volume on the node, e.g. {@code /dev/drbd1000}. */
  public static final String DEVICE_PATH = "linstor.csi.linbit.com/device-path";

  /**
   * Marker the Go driver sets next to {@link #DEVICE_PATH}; written for compatibility, not required
   * here: a missing device path is looked up through {@link DeviceLocator}.
   */
  public static final String USES_PUBLISH_CONTEXT = "linstor.csi.linbit.com/uses-publish-context";

  /**
   * The node a successful ControllerPublishVolume attached the volume to (the CSI node id, which is
   * the LINSTOR node name). The controller sets it only after checking, with LINSTOR's view of
   * every node, that no other node holds the volume; staging a DRBD volume requires it to name this
   * node, so that only the controller's single-attach decision lets a node promote.
   */
  public static final String ATTACHED_NODE = "linstor.csi.linbit.com/attached-node";

  /**
   * {@code true} when ControllerPublishVolume was asked for a read-only publish: every publish on
   * this node is then read-only, whatever NodePublishVolume's own flag says.
   */
  public static final String READONLY = "linstor.csi.linbit.com/readonly";

  private PublishContextKeys() {}
}
