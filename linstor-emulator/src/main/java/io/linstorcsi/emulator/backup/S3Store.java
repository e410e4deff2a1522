package io.linstorcsi.emulator.backup;

import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One S3 remote's bucket through the AWS SDK: list, get, put and delete objects. Every failure
 * becomes an {@link S3Failure} saying whether the server was unreachable, refused the credentials
 * or has no such bucket.
 */
public final class S3Store implements AutoCloseable {
  private final Remote.S3 remote;
  private final S3Faults faults;
  private final S3Client client;

  S3Store(Remote.S3 remote, S3Faults faults) {
    this.remote = remote;
    this.faults = faults;
    this.client =
        S3Client.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .endpointOverride(endpointUri(remote.endpoint()))
            .region(Region.of(remote.region()))
            .forcePathStyle(remote.usePathStyle())
            // plain checksums only: S3-compatible servers differ in the newer ones
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(remote.accessKey(), remote.secretKey())))
            .build();
  }

  /** linstor-server accepts endpoints without a scheme and talks HTTPS to them. */
  static URI endpointUri(String endpoint) {
    return URI.create(endpoint.contains("://") ? endpoint : "https://" + endpoint);
  }

  public List<String> listKeys() {
    return new ArrayList<>(listSizes().keySet());
  }

  /** Every key of the bucket with its object size in bytes. */
  public java.util.Map<String, Long> listSizes() {
    return call(
        () -> {
          java.util.Map<String, Long> keys = new java.util.TreeMap<>();
          String token = null;
          do {
            ListObjectsV2Response page =
                client.listObjectsV2(
                    ListObjectsV2Request.builder()
                        .bucket(remote.bucket())
                        .continuationToken(token)
                        .build());
            for (S3Object object : page.contents()) {
              keys.put(object.key(), object.size());
            }
            token = page.isTruncated() ? page.nextContinuationToken() : null;
          } while (token != null);
          return keys;
        });
  }

  public byte[] get(String key) {
    return call(
        () -> client.getObjectAsBytes(b -> b.bucket(remote.bucket()).key(key)).asByteArray());
  }

  public InputStream open(String key) {
    return call(
        () -> {
          ResponseInputStream<GetObjectResponse> in =
              client.getObject(b -> b.bucket(remote.bucket()).key(key));
          return in;
        });
  }

  public void put(String key, byte[] data) {
    call(
        () ->
            client.putObject(b -> b.bucket(remote.bucket()).key(key), RequestBody.fromBytes(data)));
  }

  public void putFile(String key, java.nio.file.Path file) {
    call(
        () ->
            client.putObject(b -> b.bucket(remote.bucket()).key(key), RequestBody.fromFile(file)));
  }

  public void delete(String key) {
    call(() -> client.deleteObject(b -> b.bucket(remote.bucket()).key(key)));
  }

  private <T> T call(Supplier<T> request) {
    faults.check(remote);
    try {
      return request.get();
    } catch (S3Exception e) {
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      S3Failure.Kind kind =
          switch (e.statusCode()) {
            case 401, 403 -> S3Failure.Kind.ACCESS_DENIED;
            case 404 ->
                "NoSuchBucket".equals(code)
                    ? S3Failure.Kind.NO_SUCH_BUCKET
                    : S3Failure.Kind.NOT_FOUND;
            default -> S3Failure.Kind.OTHER;
          };
      throw new S3Failure(kind, e.getMessage(), e);
    } catch (SdkClientException e) {
      throw new S3Failure(S3Failure.Kind.UNREACHABLE, e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
