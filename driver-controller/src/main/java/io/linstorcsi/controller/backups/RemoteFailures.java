package io.linstorcsi.controller.backups;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.common.StatusMapper;
import io.linstorcsi.linstor.error.ApiCallRc;
import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.error.RetCode;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a failure involving a remote means for the caller. Credentials or a bucket the remote
 * refuses need an operator (FAILED_PRECONDITION); a remote that cannot be reached may work on the
 * next call (UNAVAILABLE). Every message names the remote.
 */
final class RemoteFailures {
  private RemoteFailures() {}

  /** A LINSTOR call about {@code remote} failed. */
  static RuntimeException of(String remote, String action, LinstorException e) {
    String text = action + " on remote " + remote + ": " + StatusMapper.describe(e);
    ApiCallRc rc = e.firstError();
    if (e instanceof LinstorException.Unavailable u && !u.linstorAnswered()) {
      return e; // the LINSTOR controller itself is down: the mapper says so
    }
    if (rc != null
        && (rc.is(RetCode.FAIL_NOT_FOUND_REMOTE) || rc.is(RetCode.FAIL_INVLD_REMOTE_NAME))) {
      return CsiError.failedPrecondition(notConfigured(remote));
    }
    if (rc != null && rc.message().contains("could not be reached with the given parameters")) {
      // linstor-server probes the bucket before it creates or changes a remote, and answers the
      // same for a wrong endpoint, bucket or key pair: all three are the class's to fix
      return CsiError.failedPrecondition(
          "LINSTOR cannot use remote "
              + remote
              + ": it could not reach the bucket with the given parameters; check the"
              + " VolumeSnapshotClass's s3-endpoint, s3-bucket and s3-signing-region, and"
              + " access-key and secret-key in its snapshotter secret");
    }
    if (credentialsRefused(e)) {
      return CsiError.failedPrecondition(
          text
              + " (the remote refuses the credentials; check access-key and secret-key in the"
              + " VolumeSnapshotClass's snapshotter secret)");
    }
    if (e instanceof LinstorException.Invalid || e instanceof LinstorException.InUse) {
      return CsiError.failedPrecondition(text);
    }
    return CsiError.unavailable(text + " (the remote may be unreachable; retry)", null);
  }

  /** True when LINSTOR says the remote refused the credentials it holds. */
  static boolean credentialsRefused(LinstorException e) {
    ApiCallRc rc = e.firstError();
    return rc != null
        && (rc.is(RetCode.FAIL_ACC_DENIED_REMOTE)
            || refusesCredentials(rc.message() + " " + rc.cause() + " " + rc.details()));
  }

  /** A shipment LINSTOR reports failed (it keeps no reason where a client can read it). */
  static CsiError shipmentFailed(Shipment s, String messages) {
    String text =
        "backup "
            + s
            + " to remote "
            + s.remote()
            + " failed: "
            + (messages == null || messages.isBlank() ? "no reason given by LINSTOR" : messages)
            + "; the next CreateSnapshot call starts it again";
    // only LINSTOR's reason is checked: the text also holds names, whose digits may read like a
    // code
    return refusesCredentials(messages == null ? "" : messages)
        ? CsiError.failedPrecondition(
            text + " (check the credentials in the VolumeSnapshotClass's snapshotter secret)")
        : CsiError.unavailable(text, null);
  }

  static String notConfigured(String remote) {
    return "remote "
        + remote
        + " is not configured in this LINSTOR cluster; create it (linstor remote create s3|linstor "
        + remote
        + " ...) or take one snapshot with a VolumeSnapshotClass that names it";
  }

  /**
   * S3's and LINSTOR's words for refused credentials, looked for in LINSTOR's reason only (never in
   * text holding names). LINSTOR passes the S3 client's exception on as the reason: the AWS SDKs
   * write the HTTP status as "Status Code: 403", S3's error codes (AccessDenied,
   * InvalidAccessKeyId, SignatureDoesNotMatch) or their prose; the failure kind ACCESS_DENIED
   * stands for the same.
   */
  static boolean refusesCredentials(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    return t.contains("accessdenied")
        || t.contains("access denied")
        || t.contains("access_denied")
        || t.contains("invalidaccesskeyid")
        || t.contains("does not exist in our records")
        || t.contains("signaturedoesnotmatch")
        || t.contains("signature we calculated does not match")
        || t.contains("403 forbidden")
        || HTTP_403.matcher(t).find();
  }

  /** An HTTP status 403 as the AWS SDKs (v1 and v2) write it into an exception's message. */
  private static final Pattern HTTP_403 = Pattern.compile("status code:? 403\\b");
}
