package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An S3 bucket LINSTOR ships backups to. Both the body of a create or modify and an entry of the
 * remote list; a controller does not give the keys back in its list. The keys never appear in
 * {@link #toString}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record S3Remote(
    @JsonProperty("remote_name") String remoteName,
    @JsonProperty("endpoint") String endpoint,
    @JsonProperty("bucket") String bucket,
    @JsonProperty("region") String region,
    @JsonProperty("access_key") String accessKey,
    @JsonProperty("secret_key") String secretKey,
    @JsonProperty("use_path_style") Boolean usePathStyle) {

  /**
   * True when endpoint, bucket and region equal {@code other}'s. Keys are not compared (a
   * controller never returns them), nor is the path style: linstor-server never reports it (its
   * list always says false) and cannot change it on an existing remote.
   */
  public boolean sameLocation(S3Remote other) {
    return java.util.Objects.equals(endpoint, other.endpoint)
        && java.util.Objects.equals(bucket, other.bucket)
        && java.util.Objects.equals(nullToEmpty(region), nullToEmpty(other.region));
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  @Override
  public String toString() {
    return "S3Remote[remoteName="
        + remoteName
        + ", endpoint="
        + endpoint
        + ", bucket="
        + bucket
        + ", region="
        + region
        + ", accessKey="
        + Secrets.mask(accessKey)
        + ", secretKey="
        + Secrets.mask(secretKey)
        + ", usePathStyle="
        + usePathStyle
        + "]";
  }
}
