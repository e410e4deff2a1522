package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Body of a backup to S3: LINSTOR takes snapshot {@code snapName} of {@code rscName} (or uses the
 * existing one of that name) and uploads it, incrementally when allowed and a base exists.
 */
public record BackupCreate(
    @JsonProperty("rsc_name") String rscName,
    @JsonProperty("node_name") String nodeName,
    @JsonProperty("snap_name") String snapName,
    @JsonProperty("incremental") Boolean incremental,
    @JsonProperty("dst_snap_name") String dstSnapName) {

  public static BackupCreate of(String rscName, String snapName, boolean incremental) {
    return new BackupCreate(rscName, null, snapName, incremental, null);
  }
}
