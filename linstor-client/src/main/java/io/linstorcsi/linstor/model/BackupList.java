package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The backups on a remote by id, and objects in the bucket that are not LINSTOR backups. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupList(
    @JsonProperty("linstor") Map<String, Backup> linstor, @JsonProperty("other") Other other) {

  public BackupList {
    linstor = Copies.map(linstor);
  }

  /** Files in the bucket without a relation to LINSTOR. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Other(@JsonProperty("files") List<String> files) {
    public Other {
      files = Copies.list(files);
    }
  }
}
