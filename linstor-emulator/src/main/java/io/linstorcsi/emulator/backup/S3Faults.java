package io.linstorcsi.emulator.backup;

/**
 * Injected S3 trouble: every request to any S3 remote fails as if the server were down or refused
 * the credentials, until switched off.
 */
public final class S3Faults {
  private volatile boolean unreachable;
  private volatile boolean credentialsRefused;

  public void unreachable(boolean value) {
    unreachable = value;
  }

  public void credentialsRefused(boolean value) {
    credentialsRefused = value;
  }

  void check(Remote.S3 remote) {
    if (unreachable) {
      throw new S3Failure(
          S3Failure.Kind.UNREACHABLE,
          "Unable to execute HTTP request: Connect to " + remote.endpoint() + " failed (injected)",
          null);
    }
    if (credentialsRefused) {
      throw new S3Failure(
          S3Failure.Kind.ACCESS_DENIED,
          "The AWS Access Key Id you provided does not exist in our records. (injected)",
          null);
    }
  }
}
