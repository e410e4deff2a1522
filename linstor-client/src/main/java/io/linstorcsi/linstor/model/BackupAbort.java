package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of an abort: the running uploads ({@code create}) and/or downloads of a resource. */
public record BackupAbort(
    @JsonProperty("rsc_name") String rscName,
    @JsonProperty("restore") Boolean restore,
    @JsonProperty("create") Boolean create,
    @JsonProperty("snapshot") String snapshot) {

  public static BackupAbort uploads(String rscName, String snapshot) {
    return new BackupAbort(rscName, null, true, snapshot);
  }
}
