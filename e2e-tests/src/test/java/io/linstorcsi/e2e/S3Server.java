package io.linstorcsi.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3 server on loopback (s3proxy over a directory), the off-cluster target of the backup
 * tests. It checks signatures against one key pair, so wrong credentials are refused as a real S3
 * service refuses them. {@link #stop()} and {@link #start()} keep the port, so a remote configured
 * in LINSTOR becomes unreachable and reachable again; {@link #rotateSecretKey()} makes it refuse
 * the keys a remote was made with.
 */
final class S3Server implements AutoCloseable {
  static final String REGION = "us-east-1";

  private final Path dir;
  private final int port;
  private final String accessKey = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
  private final String originalSecretKey = UUID.randomUUID().toString();
  private volatile String secretKey = originalSecretKey;
  private final BlobStore store;
  private S3Proxy proxy;

  private S3Server(Path dir, int port) {
    this.dir = dir;
    this.port = port;
    this.store = new FilesystemNio2BlobStore(dir.toString());
  }

  /** A server with empty {@code buckets}, storing below {@code dir}. */
  static S3Server start(Path dir, String... buckets) throws Exception {
    Files.createDirectories(dir);
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    S3Server server = new S3Server(dir, port);
    for (String bucket : buckets) {
      server.store.createContainer(bucket);
    }
    server.start();
    return server;
  }

  synchronized void start() throws Exception {
    if (proxy != null) {
      return;
    }
    S3Proxy p =
        S3Proxy.builder()
            .blobStore(store)
            .endpoint(URI.create("http://127.0.0.1:" + port))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
            .build();
    p.start();
    while (!"STARTED".equals(p.getState())) {
      Thread.sleep(10);
    }
    proxy = p;
  }

  /**
   * A new secret key, as when an operator rotates it at the S3 service: requests signed with the
   * old one are refused (403) from now on.
   */
  synchronized void rotateSecretKey() throws Exception {
    stop();
    secretKey = UUID.randomUUID().toString();
    start();
  }

  /** Back to the key the server started with (and running). */
  synchronized void restoreSecretKey() throws Exception {
    if (!secretKey.equals(originalSecretKey)) {
      stop();
      secretKey = originalSecretKey;
    }
    start();
  }

  /** Connections are refused until {@link #start()}; stored objects stay. */
  synchronized void stop() throws Exception {
    if (proxy != null) {
      proxy.stop();
      proxy = null;
    }
  }

  String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  String accessKey() {
    return accessKey;
  }

  String secretKey() {
    return secretKey;
  }

  Path dir() {
    return dir;
  }

  /** The object keys in {@code bucket}. */
  List<String> keys(String bucket) {
    return store.list(bucket).contents().stream().map(S3Object::key).toList();
  }

  /** An object's bytes straight from the store (not through HTTP). */
  InputStream read(String bucket, String key) {
    return store.getBlob(bucket, key);
  }

  @Override
  public void close() throws Exception {
    stop();
  }

  /** Deletes every object of {@code bucket}, so that the next test starts with an empty one. */
  void empty(String bucket) throws IOException {
    for (String key : keys(bucket)) {
      store.removeBlob(bucket, key);
    }
  }
}
