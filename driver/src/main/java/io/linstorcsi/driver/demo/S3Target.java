package io.linstorcsi.driver.demo;

import java.util.Objects;

/**
 * Where the walkthrough's backup step ships to: an S3 endpoint, a bucket that exists, and a key
 * pair. The keys reach the driver only as the snapshot class's secret and are never printed.
 */
record S3Target(String endpoint, String bucket, String region, String accessKey, String secretKey) {
  S3Target {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(accessKey, "accessKey");
    Objects.requireNonNull(secretKey, "secretKey");
  }

  @Override
  public String toString() {
    return endpoint + " bucket " + bucket;
  }
}
