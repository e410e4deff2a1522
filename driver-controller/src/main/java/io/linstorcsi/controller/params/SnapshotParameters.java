package io.linstorcsi.controller.params;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.controller.ids.SnapshotId;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * VolumeSnapshotClass parameters (namespace {@value #NAMESPACE}) and the S3 keys from the class's
 * snapshotter secret, parsed once into a validated value. Keys and meanings follow the Go driver
 * (piraeusdatastore/linstor-csi pkg/volume/snapshot_params.go). Unlike it, an unknown or malformed
 * key in the namespace is refused with INVALID_ARGUMENT instead of a warning in the log: a typo in
 * a backup class would otherwise surface only when a restore is needed. Keys outside the namespace
 * ({@code csi.storage.k8s.io/...}, added by the snapshotter) are not ours and are ignored.
 *
 * @param type where the snapshot goes; {@link SnapshotId.Type#IN_CLUSTER} by default
 * @param remoteName the LINSTOR remote for S3 and Linstor types
 * @param allowIncremental ship only what changed since the previous backup, when there is one
 * @param maxIncrements after this many increments in a row the next backup is full (0: no limit)
 * @param fullSnapshotAfter a backup chain whose full backup is older than this starts anew (zero:
 *     no limit)
 * @param deleteLocal remove the local snapshot once the backup is complete
 * @param s3AccessKey from the secret's {@code access-key}; never printed
 * @param s3SecretKey from the secret's {@code secret-key}; never printed
 * @param relocateAfterRestore accepted for classes of older Go driver versions; restores here
 *     always place replicas by the StorageClass, which is what it asked for
 */
public record SnapshotParameters(
    SnapshotId.Type type,
    String remoteName,
    boolean allowIncremental,
    int maxIncrements,
    Duration fullSnapshotAfter,
    boolean deleteLocal,
    String s3Endpoint,
    String s3Bucket,
    String s3SigningRegion,
    boolean s3UsePathStyle,
    String s3AccessKey,
    String s3SecretKey,
    String linstorTargetUrl,
    String linstorTargetClusterId,
    String linstorTargetStoragePool,
    boolean relocateAfterRestore) {

  public static final String NAMESPACE = "snap.linstor.csi.linbit.com";
  static final String ACCESS_KEY_SECRET = "access-key";
  static final String SECRET_KEY_SECRET = "secret-key";

  /** The keys of the namespace, as the Go driver spells them. */
  enum Key {
    TYPE("type"),
    REMOTE_NAME("remote-name"),
    ALLOW_INCREMENTAL("allow-incremental"),
    MAX_INCREMENTS("max-increments"),
    FULL_SNAPSHOT_AFTER("full-snapshot-after"),
    DELETE_LOCAL("delete-local"),
    S3_ENDPOINT("s3-endpoint"),
    S3_BUCKET("s3-bucket"),
    S3_SIGNING_REGION("s3-signing-region"),
    S3_USE_PATH_STYLE("s3-use-path-style"),
    LINSTOR_TARGET_URL("linstor-target-url"),
    LINSTOR_TARGET_CLUSTER_ID("linstor-target-cluster-id"),
    LINSTOR_TARGET_STORAGE_POOL("linstor-target-storage-pool"),
    RELOCATE_AFTER_RESTORE("relocate-after-restore");

    final String wire;

    Key(String wire) {
      this.wire = wire;
    }

    String qualified() {
      return NAMESPACE + "/" + wire;
    }

    static Optional<Key> lookup(String name) {
      for (Key k : values()) {
        if (k.wire.equals(name)) {
          return Optional.of(k);
        }
      }
      return Optional.empty();
    }
  }

  public SnapshotParameters {
    fullSnapshotAfter = fullSnapshotAfter == null ? Duration.ZERO : fullSnapshotAfter;
  }

  /** True when snapshots of this class leave the cluster. */
  public boolean remote() {
    return type == SnapshotId.Type.S3 || type == SnapshotId.Type.LINSTOR;
  }

  public static SnapshotParameters inCluster() {
    return parse(Map.of(), Map.of());
  }

  /** Parses the class's parameters and secrets; INVALID_ARGUMENT names the offending key. */
  public static SnapshotParameters parse(Map<String, String> params, Map<String, String> secrets) {
    SnapshotId.Type type = SnapshotId.Type.IN_CLUSTER;
    String remoteName = "";
    boolean allowIncremental = false;
    int maxIncrements = 0;
    Duration fullAfter = Duration.ZERO;
    boolean deleteLocal = false;
    String endpoint = "";
    String bucket = "";
    String region = "";
    boolean pathStyle = false;
    String targetUrl = "";
    String clusterId = "";
    String targetPool = "";
    boolean relocate = false;
    for (Map.Entry<String, String> e : new TreeMap<>(params).entrySet()) {
      String key = e.getKey();
      String value = e.getValue() == null ? "" : e.getValue();
      if (!key.startsWith(NAMESPACE + "/")) {
        continue;
      }
      Key k =
          Key.lookup(key.substring(NAMESPACE.length() + 1))
              .orElseThrow(
                  () ->
                      CsiError.invalidArgument(
                          "unknown VolumeSnapshotClass parameter '"
                              + key
                              + "'; known are "
                              + NAMESPACE
                              + "/ with "
                              + java.util.Arrays.stream(Key.values()).map(x -> x.wire).toList()));
      switch (k) {
        case TYPE -> type = type(value);
        case REMOTE_NAME -> remoteName = value;
        case ALLOW_INCREMENTAL -> allowIncremental = bool(k, value);
        case MAX_INCREMENTS -> maxIncrements = nonNegativeInt(k, value);
        case FULL_SNAPSHOT_AFTER -> fullAfter = duration(k, value);
        case DELETE_LOCAL -> deleteLocal = bool(k, value);
        case S3_ENDPOINT -> endpoint = value;
        case S3_BUCKET -> bucket = value;
        case S3_SIGNING_REGION -> region = value;
        case S3_USE_PATH_STYLE -> pathStyle = bool(k, value);
        case LINSTOR_TARGET_URL -> targetUrl = value;
        case LINSTOR_TARGET_CLUSTER_ID -> clusterId = value;
        case LINSTOR_TARGET_STORAGE_POOL -> targetPool = value;
        case RELOCATE_AFTER_RESTORE -> relocate = bool(k, value);
      }
    }
    boolean remote = type != SnapshotId.Type.IN_CLUSTER;
    if (remote && remoteName.isEmpty()) {
      throw CsiError.invalidArgument(
          "snapshots of type "
              + type.wire()
              + " need the VolumeSnapshotClass parameter "
              + Key.REMOTE_NAME.qualified());
    }
    if (!remote && deleteLocal) {
      throw CsiError.invalidArgument(
          "parameter "
              + Key.DELETE_LOCAL.qualified()
              + " cannot be used with in-cluster snapshots: the local snapshot is the only copy");
    }
    Map<String, String> s = secrets == null ? Map.of() : secrets;
    return new SnapshotParameters(
        type,
        remoteName,
        allowIncremental,
        maxIncrements,
        fullAfter,
        deleteLocal,
        endpoint,
        bucket,
        region,
        pathStyle,
        s.getOrDefault(ACCESS_KEY_SECRET, ""),
        s.getOrDefault(SECRET_KEY_SECRET, ""),
        targetUrl,
        clusterId,
        targetPool,
        relocate);
  }

  /** The Go driver accepts the type's name in its own case or in lower case (enumer). */
  private static SnapshotId.Type type(String value) {
    for (SnapshotId.Type t :
        new SnapshotId.Type[] {
          SnapshotId.Type.IN_CLUSTER, SnapshotId.Type.S3, SnapshotId.Type.LINSTOR
        }) {
      if (t.wire().equals(value) || t.wire().toLowerCase(Locale.ROOT).equals(value)) {
        return t;
      }
    }
    throw CsiError.invalidArgument(
        "parameter "
            + Key.TYPE.qualified()
            + " must be InCluster, S3 or Linstor, got '"
            + value
            + "'");
  }

  private static boolean bool(Key k, String value) {
    return GoBool.parse(value)
        .orElseThrow(
            () ->
                CsiError.invalidArgument(
                    "parameter " + k.qualified() + " must be true or false, got '" + value + "'"));
  }

  private static int nonNegativeInt(Key k, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw CsiError.invalidArgument(
        "parameter " + k.qualified() + " must be a non-negative integer, got '" + value + "'");
  }

  private static Duration duration(Key k, String value) {
    return GoDuration.parse(value)
        .orElseThrow(
            () ->
                CsiError.invalidArgument(
                    "parameter "
                        + k.qualified()
                        + " must be a duration such as 24h or 90m, got '"
                        + value
                        + "'"));
  }

  @Override
  public String toString() {
    return "SnapshotParameters[type="
        + type.wire()
        + ", remoteName="
        + remoteName
        + ", allowIncremental="
        + allowIncremental
        + ", maxIncrements="
        + maxIncrements
        + ", fullSnapshotAfter="
        + fullSnapshotAfter
        + ", deleteLocal="
        + deleteLocal
        + ", s3Endpoint="
        + s3Endpoint
        + ", s3Bucket="
        + s3Bucket
        + ", s3SigningRegion="
        + s3SigningRegion
        + ", s3UsePathStyle="
        + s3UsePathStyle
        + ", s3AccessKey="
        + (s3AccessKey.isEmpty() ? "<none>" : "***")
        + ", s3SecretKey="
        + (s3SecretKey.isEmpty() ? "<none>" : "***")
        + ", linstorTargetUrl="
        + linstorTargetUrl
        + ", linstorTargetClusterId="
        + linstorTargetClusterId
        + ", linstorTargetStoragePool="
        + linstorTargetStoragePool
        + "]";
  }
}
