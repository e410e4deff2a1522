package io.linstorcsi.controller.provisioning;

import io.linstorcsi.controller.ids.VolumeId;
import java.util.Map;

/**
 * A volume as LINSTOR holds it.
 *
 * @param id the volume
 * @param sizeBytes size of its volume definition
 * @param resourceGroup the resource group it was spawned from
 * @param fsType file system type recorded at creation; empty for block or unknown
 * @param complete provisioning finished (marked by either driver)
 * @param hidden deleted by the CO, kept only for its snapshots
 * @param props the definition's properties
 */
public record VolumeInfo(
    VolumeId id,
    long sizeBytes,
    String resourceGroup,
    String fsType,
    boolean complete,
    boolean hidden,
    Map<String, String> props) {

  public VolumeInfo {
    props = Map.copyOf(props);
  }

  /** Visible to the CO: complete and not deleted. */
  public boolean exists() {
    return complete && !hidden;
  }
}
