package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** Which backup to describe: by source resource and snapshot, or by the newest backup's id. */
public record BackupInfoRequest(
    @JsonProperty("src_rsc_name") String srcRscName,
    @JsonProperty("src_snap_name") String srcSnapName,
    @JsonProperty("last_backup") String lastBackup,
    @JsonProperty("stor_pool_map") Map<String, String> storPoolMap,
    @JsonProperty("node_name") String nodeName) {

  public BackupInfoRequest {
    storPoolMap = Copies.map(storPoolMap);
  }

  public static BackupInfoRequest of(String rsc, String snap) {
    return new BackupInfoRequest(rsc, snap, null, null, null);
  }
}
