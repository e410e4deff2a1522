package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.linstorcsi.linstor.error.ApiCallRc;
import java.util.List;
import java.util.Map;

/**
 * A volume of a resource on one node. {@code device_path} is the path the node uses (the top
 * layer's device, e.g. {@code /dev/drbd1000}); it is absent while the volume is being created.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Volume(
    @JsonProperty("volume_number") Integer volumeNumber,
    @JsonProperty("storage_pool_name") String storagePoolName,
    @JsonProperty("provider_kind") String providerKind,
    @JsonProperty("device_path") String devicePath,
    @JsonProperty("allocated_size_kib") Long allocatedSizeKib,
    @JsonProperty("usable_size_kib") Long usableSizeKib,
    @JsonProperty("props") Map<String, String> props,
    @JsonProperty("flags") List<String> flags,
    @JsonProperty("state") VolumeState state,
    @JsonProperty("layer_data_list") List<VolumeLayer> layerDataList,
    @JsonProperty("uuid") String uuid,
    @JsonProperty("reports") List<ApiCallRc> reports) {

  public Volume {
    props = Copies.map(props);
    flags = Copies.list(flags);
    layerDataList = Copies.list(layerDataList);
    reports = Copies.list(reports);
  }
}
