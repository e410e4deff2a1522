package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** Body of a shipment of a snapshot straight to another LINSTOR cluster. */
public record BackupShip(
    @JsonProperty("src_node_name") String srcNodeName,
    @JsonProperty("src_rsc_name") String srcRscName,
    @JsonProperty("dst_rsc_name") String dstRscName,
    @JsonProperty("dst_node_name") String dstNodeName,
    @JsonProperty("dst_net_if_name") String dstNetIfName,
    @JsonProperty("dst_stor_pool") String dstStorPool,
    @JsonProperty("stor_pool_rename") Map<String, String> storPoolRename,
    @JsonProperty("download_only") Boolean downloadOnly,
    @JsonProperty("force_restore") Boolean forceRestore,
    @JsonProperty("allow_incremental") Boolean allowIncremental,
    @JsonProperty("dst_rsc_grp") String dstRscGrp,
    @JsonProperty("force_mv_rsc_grp") Boolean forceMvRscGrp,
    @JsonProperty("src_snap_name") String srcSnapName,
    @JsonProperty("dst_snap_name") String dstSnapName) {

  public BackupShip {
    storPoolRename = Copies.map(storPoolRename);
  }

  /**
   * Ships snapshot {@code snapName} of {@code rscName} to the same names on the target, kept there
   * as a snapshot only ({@code download_only}), into {@code dstStorPool} when given.
   */
  public static BackupShip snapshot(
      String rscName, String snapName, String dstStorPool, boolean allowIncremental) {
    return new BackupShip(
        null,
        rscName,
        rscName,
        null,
        null,
        dstStorPool,
        null,
        true,
        null,
        allowIncremental,
        null,
        null,
        snapName,
        snapName);
  }
}
