package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-volume data of a non-DRBD layer of a resource. Each layer names its list differently
 * ({@code storage_volumes}, {@code luks_volumes}...); only the list of the layer at hand is set.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LayerVolumes(
    @JsonProperty("storage_volumes") List<LayerVolume> storageVolumes,
    @JsonProperty("luks_volumes") List<LayerVolume> luksVolumes,
    @JsonProperty("nvme_volumes") List<LayerVolume> nvmeVolumes,
    @JsonProperty("writecache_volumes") List<LayerVolume> writecacheVolumes,
    @JsonProperty("cache_volumes") List<LayerVolume> cacheVolumes,
    @JsonProperty("bcache_volumes") List<LayerVolume> bcacheVolumes) {

  public LayerVolumes {
    storageVolumes = Copies.list(storageVolumes);
    luksVolumes = Copies.list(luksVolumes);
    nvmeVolumes = Copies.list(nvmeVolumes);
    writecacheVolumes = Copies.list(writecacheVolumes);
    cacheVolumes = Copies.list(cacheVolumes);
    bcacheVolumes = Copies.list(bcacheVolumes);
  }

  /** Every volume of this layer, whichever list LINSTOR used. */
  public List<LayerVolume> all() {
    List<LayerVolume> out = new ArrayList<>(storageVolumes);
    out.addAll(luksVolumes);
    out.addAll(nvmeVolumes);
    out.addAll(writecacheVolumes);
    out.addAll(cacheVolumes);
    out.addAll(bcacheVolumes);
    return List.copyOf(out);
  }
}
