package io.linstorcsi.emulator;

import java.net.URI;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server for tests: s3proxy with an in-memory blob store on 127.0.0.1, AWS signature
 * checks on, one access key.
 */
final class S3TestServer implements AutoCloseable {
  static final String ACCESS_KEY = "test-access";
  static final String SECRET_KEY = "test-secret-key";
  static final String REGION = "us-east-1";

  private final S3Proxy proxy;
  private boolean stopped;

  S3TestServer() {
    proxy =
        S3Proxy.builder()
            .blobStore(new TransientNio2BlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    try {
      proxy.start();
      while (!proxy.getState().equals("STARTED")) {
        Thread.sleep(10);
      }
    } catch (Exception e) {
      throw new IllegalStateException("s3proxy did not start", e);
    }
  }

  String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  /** Creates a bucket with the SDK, as an operator would before configuring a remote. */
  void createBucket(String bucket) {
    try (S3Client client = client()) {
      client.createBucket(b -> b.bucket(bucket));
    }
  }

  S3Client client() {
    return S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .endpointOverride(URI.create(endpoint()))
        .region(Region.of(REGION))
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  /** The JSON body of a POST /v1/remotes/s3 for this server. */
  String remoteJson(String name, String bucket) {
    return "{\"remote_name\":\""
        + name
        + "\",\"endpoint\":\""
        + endpoint()
        + "\",\"bucket\":\""
        + bucket
        + "\",\"region\":\""
        + REGION
        + "\",\"access_key\":\""
        + ACCESS_KEY
        + "\",\"secret_key\":\""
        + SECRET_KEY
        + "\",\"use_path_style\":true}";
  }

  /** Stops the server (idempotent): a test may take S3 down before its clean-up runs. */
  @Override
  public synchronized void close() throws Exception {
    if (!stopped) {
      stopped = true;
      proxy.stop();
    }
  }
}
