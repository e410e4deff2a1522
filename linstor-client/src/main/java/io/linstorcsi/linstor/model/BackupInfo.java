package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What restoring a backup takes: the chain from its full backup ({@code full}) to {@code latest},
 * the bytes to download and allocate, and the storage pools its volumes came from.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupInfo(
    @JsonProperty("rsc") String rsc,
    @JsonProperty("full") String full,
    @JsonProperty("snap") String snap,
    @JsonProperty("latest") String latest,
    @JsonProperty("count") Integer count,
    @JsonProperty("dl_size_kib") Long dlSizeKib,
    @JsonProperty("alloc_size_kib") Long allocSizeKib,
    @JsonProperty("storpools") List<StorPool> storpools) {

  public BackupInfo {
    storpools = Copies.list(storpools);
  }

  /** A storage pool of the backed-up volumes and the pool it would be restored into. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record StorPool(
      @JsonProperty("name") String name,
      @JsonProperty("provider_kind") String providerKind,
      @JsonProperty("target_name") String targetName,
      @JsonProperty("remaining_space_kib") Long remainingSpaceKib,
      @JsonProperty("vlms") List<Volume> vlms) {

    public StorPool {
      vlms = Copies.list(vlms);
    }
  }

  /** One backed-up volume of a layer. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Volume(
      @JsonProperty("name") String name,
      @JsonProperty("layer_type") String layerType,
      @JsonProperty("dl_size_kib") Long dlSizeKib,
      @JsonProperty("alloc_size_kib") Long allocSizeKib,
      @JsonProperty("usable_size_kib") Long usableSizeKib) {}
}
