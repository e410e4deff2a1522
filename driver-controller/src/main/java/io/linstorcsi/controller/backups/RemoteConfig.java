package io.linstorcsi.controller.backups;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.controller.ids.SnapshotId;
import io.linstorcsi.controller.params.SnapshotParameters;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.model.LinstorRemote;
import io.linstorcsi.linstor.model.S3Remote;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the LINSTOR remote of a VolumeSnapshotClass exist with the class's settings: created when
 * missing, updated when the class names another endpoint, bucket, region, path style, URL or
 * cluster id, left alone otherwise (one read per call). A controller does not give stored
 * credentials back, so they cannot be compared: the secret's keys go along with such an update, and
 * {@link #sendKeys} hands them over when the remote refuses the ones LINSTOR holds.
 */
final class RemoteConfig {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteConfig.class);

  private RemoteConfig() {}

  static void ensure(LinstorClient client, SnapshotParameters p) {
    try {
      switch (p.type()) {
        case S3 -> ensureS3(client, p);
        case LINSTOR -> ensureLinstor(client, p);
        default -> throw new IllegalArgumentException("not a remote type: " + p.type());
      }
    } catch (LinstorException e) {
      RuntimeException mapped =
          RemoteFailures.of(p.remoteName(), "configuring the LINSTOR remote", e);
      LOG.warn("remote {} of a VolumeSnapshotClass: {}", p.remoteName(), mapped.getMessage());
      throw mapped;
    }
  }

  private static void ensureS3(LinstorClient client, SnapshotParameters p) {
    Optional<S3Remote> existing =
        client.remotes().listS3().stream()
            .filter(r -> p.remoteName().equals(r.remoteName()))
            .findFirst();
    S3Remote wanted =
        new S3Remote(
            p.remoteName(),
            p.s3Endpoint(),
            p.s3Bucket(),
            p.s3SigningRegion(),
            emptyToNull(p.s3AccessKey()),
            emptyToNull(p.s3SecretKey()),
            p.s3UsePathStyle());
    if (existing.isPresent()) {
      // a class that leaves the location out uses the remote as an operator made it
      if (!p.s3Endpoint().isEmpty() && !existing.get().sameLocation(wanted)) {
        client.remotes().modifyS3(p.remoteName(), wanted);
      }
      return;
    }
    require(p.s3Endpoint(), "parameter " + SnapshotParameters.NAMESPACE + "/s3-endpoint", p);
    require(p.s3Bucket(), "parameter " + SnapshotParameters.NAMESPACE + "/s3-bucket", p);
    require(p.s3AccessKey(), "key access-key of the snapshotter secret", p);
    require(p.s3SecretKey(), "key secret-key of the snapshotter secret", p);
    try {
      client.remotes().createS3(wanted);
    } catch (LinstorException.AlreadyExists e) {
      // made concurrently by another call
    }
  }

  /**
   * Gives an existing S3 remote the snapshotter secret's keys (after the remote refused the ones
   * LINSTOR holds, e.g. after a rotation); false when the secret has none. LINSTOR tries them on
   * the bucket before it stores them, so wrong new keys are refused here.
   */
  static boolean sendKeys(LinstorClient client, SnapshotParameters p) {
    if (p.s3AccessKey().isEmpty() || p.s3SecretKey().isEmpty()) {
      return false;
    }
    try {
      // absent fields stay as they are: only the keys change
      client
          .remotes()
          .modifyS3(
              p.remoteName(),
              new S3Remote(
                  p.remoteName(), null, null, null, p.s3AccessKey(), p.s3SecretKey(), null));
    } catch (LinstorException e) {
      throw RemoteFailures.of(p.remoteName(), "giving the remote the secret's keys", e);
    }
    LOG.info("remote {} refused its keys; gave it the snapshotter secret's", p.remoteName());
    return true;
  }

  private static void ensureLinstor(LinstorClient client, SnapshotParameters p) {
    Optional<LinstorRemote> existing =
        client.remotes().listLinstor().stream()
            .filter(r -> p.remoteName().equals(r.remoteName()))
            .findFirst();
    LinstorRemote wanted =
        new LinstorRemote(
            p.remoteName(), p.linstorTargetUrl(), null, emptyToNull(p.linstorTargetClusterId()));
    if (existing.isPresent()) {
      boolean differs =
          !p.linstorTargetUrl().isEmpty()
              && (!sameUrl(existing.get().url(), p.linstorTargetUrl())
                  // linstor-server does not report the cluster id (Json apiToLinstorRemote):
                  // compared only where a controller does
                  || (!p.linstorTargetClusterId().isEmpty()
                      && existing.get().clusterId() != null
                      && !Objects.equals(existing.get().clusterId(), p.linstorTargetClusterId())));
      if (differs) {
        client.remotes().modifyLinstor(p.remoteName(), wanted);
      }
      return;
    }
    require(
        p.linstorTargetUrl(),
        "parameter " + SnapshotParameters.NAMESPACE + "/linstor-target-url",
        p);
    try {
      client.remotes().createLinstor(wanted);
    } catch (LinstorException.AlreadyExists e) {
      // made concurrently by another call
    }
  }

  /**
   * LINSTOR stores a LINSTOR remote's URL normalised (scheme http and port 3370 added when absent:
   * linstor-server CtrlRemoteApiCallHandler), so the class's spelling is normalised the same way.
   */
  static boolean sameUrl(String stored, String wanted) {
    return Objects.equals(normalised(stored), normalised(wanted));
  }

  private static String normalised(String url) {
    if (url == null) {
      return null;
    }
    String u = url.strip();
    if (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    if (!u.contains("://")) {
      u = "http://" + u;
    }
    String hostPart = u.substring(u.indexOf("://") + 3);
    if (!hostPart.contains(":")) {
      u = u + ":3370";
    }
    return u.toLowerCase(java.util.Locale.ROOT);
  }

  private static void require(String value, String what, SnapshotParameters p) {
    if (value.isEmpty()) {
      throw CsiError.invalidArgument(
          "remote "
              + p.remoteName()
              + " does not exist in LINSTOR yet, and creating it needs the "
              + what);
    }
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** True when LINSTOR knows a remote of that name (any kind). */
  static boolean exists(LinstorClient client, SnapshotId id) {
    return client.remotes().list().contains(id.remote());
  }
}
