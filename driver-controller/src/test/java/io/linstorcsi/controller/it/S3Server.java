package io.linstorcsi.controller.it;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3 server on 127.0.0.1 (s3proxy over a file-system blob store) that checks AWS signatures
 * against one key pair, so refused credentials are refused as by any S3.
 */
final class S3Server implements AutoCloseable {
  static final String ACCESS_KEY = "csi-backup-access";
  static final String SECRET_KEY = "csi-backup-secret-0123456789";

  private final S3Proxy proxy;
  private final BlobStore store;

  private S3Server(S3Proxy proxy, BlobStore store) {
    this.proxy = proxy;
    this.store = store;
  }

  static S3Server start(Path dir, String... buckets) throws Exception {
    return start(dir, 0, ACCESS_KEY, SECRET_KEY, buckets);
  }

  /**
   * A server on {@code port} (0: any free one) that accepts only this key pair; started on the
   * directory and port of a stopped one, it is that S3 service after a key rotation.
   */
  static S3Server start(Path dir, int port, String accessKey, String secretKey, String... buckets)
      throws Exception {
    Properties p = new Properties();
    p.setProperty("jclouds.filesystem.basedir", dir.toString());
    p.setProperty("jclouds.identity", accessKey);
    p.setProperty("jclouds.credential", secretKey);
    BlobStore store = BlobStores.create("filesystem", p);
    for (String b : buckets) {
      store.createContainer(b);
    }
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(store)
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
            .endpoint(URI.create("http://127.0.0.1:" + port))
            .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(10);
    }
    return new S3Server(proxy, store);
  }

  int port() {
    return proxy.getPort();
  }

  String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  /** The object keys in {@code bucket}. */
  List<String> keys(String bucket) {
    return store.list(ListObjectsV2Request.builder().bucket(bucket).build()).contents().stream()
        .map(S3Object::key)
        .sorted()
        .toList();
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
