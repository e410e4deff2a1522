package io.linstorcsi.controller;

import io.linstorcsi.controller.params.VolumeParameters;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keys of the volume context (CreateVolume, stored in the PV) and publish context
 * (ControllerPublishVolume, handed to the node), as the Go driver spells them, so PVs and
 * attachments made by either driver are understood by both. The node reads the device path from the
 * publish context and needs no LINSTOR call.
 */
public final class Contexts {
  private static final String NS = VolumeParameters.PARAMETER_NAMESPACE + "/";

  public static final String VOLUME_CONTEXT_MARKER = NS + "uses-volume-context";
  public static final String MOUNT_OPTIONS = NS + "mount-options";
  public static final String POST_MOUNT_XFS_OPTS = NS + "post-mount-xfs-opts";
  public static final String REMOTE_ACCESS_POLICY = NS + "remote-access-policy";

  /** Extra mkfs arguments for the node (not in the Go driver, which let LINSTOR run mkfs). */
  public static final String FS_OPTS = NS + "fs-opts";

  public static final String PUBLISH_CONTEXT_MARKER = NS + "uses-publish-context";
  public static final String DEVICE_PATH = NS + "device-path";
  public static final String FS_TYPE = NS + "fs-type";

  /**
   * The node ControllerPublishVolume attached the volume to, exactly as the request named it. The
   * node stages only with this evidence for itself, so the controller's single-attach decision,
   * made on LINSTOR's view of every node, is the one that counts (not in the Go driver).
   */
  public static final String ATTACHED_NODE = NS + "attached-node";

  /**
   * Present ({@code true}) when ControllerPublishVolume was asked for a read-only publish: the node
   * then publishes read-only whatever NodePublishVolume says (not in the Go driver).
   */
  public static final String READONLY = NS + "readonly";

  private Contexts() {}

  static Map<String, String> volumeContext(VolumeParameters params) {
    Map<String, String> ctx = new LinkedHashMap<>();
    ctx.put(VOLUME_CONTEXT_MARKER, "true");
    ctx.put(MOUNT_OPTIONS, params.mountOpts());
    ctx.put(POST_MOUNT_XFS_OPTS, params.postMountXfsOpts());
    ctx.put(REMOTE_ACCESS_POLICY, params.remoteAccess().toWire());
    if (!params.fsOpts().isEmpty()) {
      ctx.put(FS_OPTS, params.fsOpts());
    }
    return ctx;
  }

  static Map<String, String> publishContext(
      String devicePath, String fsType, String node, boolean readOnly) {
    Map<String, String> ctx = new LinkedHashMap<>();
    ctx.put(PUBLISH_CONTEXT_MARKER, "true");
    ctx.put(DEVICE_PATH, devicePath);
    ctx.put(FS_TYPE, fsType == null ? "" : fsType);
    ctx.put(ATTACHED_NODE, node);
    if (readOnly) {
      ctx.put(READONLY, "true");
    }
    return ctx;
  }
}
