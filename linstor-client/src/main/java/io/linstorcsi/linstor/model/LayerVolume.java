package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One volume's data in one layer. LINSTOR has a schema per layer (DrbdVolume, StorageVolume,
 * LUKSVolume, NVMEVolume and the cache layers) that differ only by a few fields; this record is
 * their union, and the fields a layer does not have stay null.
 *
 * <p>{@code disk_state} is free text: {@code UpToDate}, {@code Diskless}... for DRBD, and the
 * string {@code "[]"} for the STORAGE layer of LINSTOR 1.33. A DRBD volume carries its number in
 * {@code drbd_volume_definition}, not at the top level.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LayerVolume(
    @JsonProperty("volume_number") Integer volumeNumber,
    @JsonProperty("drbd_volume_definition") DrbdVolumeDefinition drbdVolumeDefinition,
    @JsonProperty("device_path") String devicePath,
    @JsonProperty("backing_device") String backingDevice,
    @JsonProperty("meta_disk") String metaDisk,
    @JsonProperty("device_path_cache") String devicePathCache,
    @JsonProperty("device_meta_cache") String deviceMetaCache,
    @JsonProperty("allocated_size_kib") Long allocatedSizeKib,
    @JsonProperty("usable_size_kib") Long usableSizeKib,
    @JsonProperty("disk_state") String diskState,
    @JsonProperty("ext_meta_stor_pool") String extMetaStorPool,
    @JsonProperty("opened") Boolean opened,
    @JsonProperty("corrupted_key") Boolean corruptedKey) {

  /** The volume number, wherever this layer keeps it; null when the layer reports none. */
  public Integer number() {
    if (volumeNumber != null) {
      return volumeNumber;
    }
    return drbdVolumeDefinition == null ? null : drbdVolumeDefinition.volumeNumber();
  }
}
