package io.linstorcsi.e2e;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parts of a VolumeSnapshotClass that reach the driver: its parameters (the snapshotter keeps
 * its own {@code csi.storage.k8s.io/snapshotter-secret-*} keys and sends the secret's contents as
 * {@code secrets} instead) and the secret.
 */
record SnapshotClass(Map<String, String> parameters, Map<String, String> secrets) {
  static final String NS = "snap.linstor.csi.linbit.com/";

  SnapshotClass {
    parameters = Map.copyOf(parameters);
    secrets = Map.copyOf(secrets);
  }

  /** Backups to a bucket of {@code s3}, path-style as S3 servers on an IP address need. */
  static SnapshotClass s3(String remote, S3Server s3, String bucket) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(NS + "type", "S3");
    p.put(NS + "remote-name", remote);
    p.put(NS + "s3-endpoint", s3.endpoint());
    p.put(NS + "s3-bucket", bucket);
    p.put(NS + "s3-signing-region", S3Server.REGION);
    p.put(NS + "s3-use-path-style", "true");
    return new SnapshotClass(p, Map.of("access-key", s3.accessKey(), "secret-key", s3.secretKey()));
  }

  /** Backups shipped to the LINSTOR controller at {@code url}. */
  static SnapshotClass linstor(String remote, String url) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(NS + "type", "Linstor");
    p.put(NS + "remote-name", remote);
    p.put(NS + "linstor-target-url", url);
    return new SnapshotClass(p, Map.of());
  }

  SnapshotClass with(String key, String value) {
    Map<String, String> p = new LinkedHashMap<>(parameters);
    p.put(NS + key, value);
    return new SnapshotClass(p, secrets);
  }

  SnapshotClass withSecrets(Map<String, String> other) {
    return new SnapshotClass(parameters, other);
  }
}
