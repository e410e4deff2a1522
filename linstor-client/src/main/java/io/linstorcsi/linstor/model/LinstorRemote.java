package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Another LINSTOR cluster that backups are shipped to: its controller URL, optionally its cluster
 * id and the passphrase of its encrypted volumes. The passphrase never appears in {@link
 * #toString}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LinstorRemote(
    @JsonProperty("remote_name") String remoteName,
    @JsonProperty("url") String url,
    @JsonProperty("passphrase") String passphrase,
    @JsonProperty("cluster_id") String clusterId) {

  @Override
  public String toString() {
    return "LinstorRemote[remoteName="
        + remoteName
        + ", url="
        + url
        + ", passphrase="
        + Secrets.mask(passphrase)
        + ", clusterId="
        + clusterId
        + "]";
  }
}
