package io.linstorcsi.controller.params;

import java.util.Locale;
import java.util.Optional;

/** Driver keys of a StorageClass ({@code linstor.csi.linbit.com/<key>}), matched ignoring case. */
enum ParamKey {
  ALLOW_REMOTE_VOLUME_ACCESS("allowRemoteVolumeAccess"),
  AUTO_PLACE("autoPlace"),
  CLIENT_LIST("clientList"),
  DISKLESS_ON_REMAINING("disklessOnRemaining"),
  DISKLESS_STORAGE_POOL("disklessStoragePool"),
  DO_NOT_PLACE_WITH_REGEX("doNotPlaceWithRegex"),
  ENCRYPTION("encryption"),
  FS_OPTS("fsOpts"),
  LAYER_LIST("layerList"),
  MOUNT_OPTS("mountOpts"),
  NODE_LIST("nodeList"),
  PLACEMENT_COUNT("placementCount"),
  PLACEMENT_POLICY("placementPolicy"),
  REPLICAS_ON_DIFFERENT("replicasOnDifferent"),
  REPLICAS_ON_SAME("replicasOnSame"),
  SIZE_KIB("sizeKiB"),
  STORAGE_POOL("storagePool"),
  POST_MOUNT_XFS_OPTS("postMountXfsOpts"),
  RESOURCE_GROUP("resourceGroup"),
  USE_PVC_NAME("usePvcName"),
  OVER_PROVISION("overProvision"),
  X_REPLICAS_ON_DIFFERENT("xReplicasOnDifferent"),
  NFS_CONFIG_TEMPLATE("nfsConfigTemplate"),
  NFS_SERVICE_NAME("nfsServiceName"),
  NFS_SQUASH("nfsSquash"),
  NFS_RECOVERY_VOLUME_SIZE("nfsRecoveryVolumeSize");

  private final String canonical;

  ParamKey(String canonical) {
    this.canonical = canonical;
  }

  /** The spelling used in documentation and messages. */
  String canonical() {
    return canonical;
  }

  static Optional<ParamKey> lookup(String rawKey) {
    String lower = rawKey.toLowerCase(Locale.ROOT);
    for (ParamKey k : values()) {
      if (k.canonical.toLowerCase(Locale.ROOT).equals(lower)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
