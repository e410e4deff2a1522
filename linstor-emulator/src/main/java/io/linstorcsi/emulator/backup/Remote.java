package io.linstorcsi.emulator.backup;

import java.util.UUID;

/** A backup target the controller knows by name (linstor-server core/objects/remotes). */
public sealed interface Remote permits Remote.S3, Remote.Linstor {
  String name();

  UUID uuid();

  /** An S3 bucket; the keys are write-only over REST, as in linstor-server. */
  record S3(
      String name,
      UUID uuid,
      String endpoint,
      String bucket,
      String region,
      String accessKey,
      String secretKey,
      boolean usePathStyle)
      implements Remote {
    @Override
    public String toString() {
      // never the keys: remotes end up in logs
      return "S3 remote " + name + " (" + endpoint + ", bucket " + bucket + ")";
    }
  }

  /** Another LINSTOR controller; {@code clusterId} is the target's {@code Cluster/LocalID}. */
  record Linstor(String name, UUID uuid, String url, String passphrase, String clusterId)
      implements Remote {
    @Override
    public String toString() {
      return "LINSTOR remote " + name + " (" + url + ")";
    }
  }
}
