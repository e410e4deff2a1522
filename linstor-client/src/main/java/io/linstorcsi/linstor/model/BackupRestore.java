package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * Body of a restore from a remote into {@code targetRscName} on {@code nodeName}; with {@code
 * downloadOnly} LINSTOR makes only a snapshot of that name, no resource. The passphrase never
 * appears in {@link #toString}.
 */
public record BackupRestore(
    @JsonProperty("src_rsc_name") String srcRscName,
    @JsonProperty("src_snap_name") String srcSnapName,
    @JsonProperty("last_backup") String lastBackup,
    @JsonProperty("stor_pool_map") Map<String, String> storPoolMap,
    @JsonProperty("target_rsc_name") String targetRscName,
    @JsonProperty("passphrase") String passphrase,
    @JsonProperty("node_name") String nodeName,
    @JsonProperty("download_only") Boolean downloadOnly,
    @JsonProperty("force_restore") Boolean forceRestore,
    @JsonProperty("dst_rsc_grp") String dstRscGrp,
    @JsonProperty("force_mv_rsc_grp") Boolean forceMvRscGrp) {

  public BackupRestore {
    storPoolMap = Copies.map(storPoolMap);
  }

  /**
   * Downloads backup {@code snap} of {@code rsc} as a snapshot of the same names on {@code node}.
   */
  public static BackupRestore downloadOnly(
      String rsc, String snap, String node, Map<String, String> storPoolMap) {
    return new BackupRestore(rsc, snap, null, storPoolMap, rsc, null, node, true, null, null, null);
  }

  @Override
  public String toString() {
    return "BackupRestore[src="
        + srcRscName
        + "/"
        + srcSnapName
        + ", lastBackup="
        + lastBackup
        + ", storPoolMap="
        + storPoolMap
        + ", target="
        + targetRscName
        + ", node="
        + nodeName
        + ", downloadOnly="
        + downloadOnly
        + ", passphrase="
        + Secrets.mask(passphrase)
        + "]";
  }
}
