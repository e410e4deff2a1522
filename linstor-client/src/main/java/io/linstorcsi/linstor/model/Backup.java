package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One backup on a remote: a full one, or an increment {@code based_on_id} another. {@code shipping}
 * while it is uploaded, {@code success} once complete; a failed upload carries {@code
 * fail_messages}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Backup(
    @JsonProperty("id") String id,
    @JsonProperty("start_time") String startTime,
    @JsonProperty("start_timestamp") Long startTimestamp,
    @JsonProperty("finished_time") String finishedTime,
    @JsonProperty("finished_timestamp") Long finishedTimestamp,
    @JsonProperty("origin_rsc") String originRsc,
    @JsonProperty("origin_snap") String originSnap,
    @JsonProperty("origin_node") String originNode,
    @JsonProperty("fail_messages") String failMessages,
    @JsonProperty("vlms") List<BackupVolume> vlms,
    @JsonProperty("success") Boolean success,
    @JsonProperty("shipping") Boolean shipping,
    @JsonProperty("restorable") Boolean restorable,
    @JsonProperty("s3") Map<String, String> s3,
    @JsonProperty("based_on_id") String basedOnId) {

  public Backup {
    vlms = Copies.list(vlms);
    s3 = Copies.map(s3);
  }

  @JsonIgnore
  public boolean succeeded() {
    return Boolean.TRUE.equals(success);
  }

  @JsonIgnore
  public boolean inProgress() {
    return Boolean.TRUE.equals(shipping);
  }

  /**
   * The id of the backup this increment builds on, or null for a full backup. LINSTOR writes it
   * with the ".meta" suffix of the metadata object, which the backup's own id lacks (the Go driver
   * strips it too: piraeusdatastore/linstor-csi pkg/client/linstor.go referencedBackupIDs).
   */
  @JsonIgnore
  public String baseId() {
    if (basedOnId == null || basedOnId.isEmpty()) {
      return null;
    }
    return basedOnId.endsWith(".meta")
        ? basedOnId.substring(0, basedOnId.length() - ".meta".length())
        : basedOnId;
  }

  /** One volume of a backup and its S3 object. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record BackupVolume(
      @JsonProperty("vlm_nr") Long vlmNr,
      @JsonProperty("finished_time") String finishedTime,
      @JsonProperty("finished_timestamp") Long finishedTimestamp,
      @JsonProperty("s3") Map<String, String> s3) {

    public BackupVolume {
      s3 = Copies.map(s3);
    }
  }
}
