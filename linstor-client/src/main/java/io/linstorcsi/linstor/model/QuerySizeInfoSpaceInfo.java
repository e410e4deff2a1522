package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * LINSTOR's {@code QuerySizeInfoResponseSpaceInfo}: sizes in KiB. When nothing fits, every number
 * is 0 and {@code next_spawn_result} is absent.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record QuerySizeInfoSpaceInfo(
    @JsonProperty("max_vlm_size_in_kib") Long maxVlmSizeInKib,
    @JsonProperty("available_size_in_kib") Long availableSizeInKib,
    @JsonProperty("capacity_in_kib") Long capacityInKib,
    @JsonProperty("default_max_oversubscription_ratio") Double defaultMaxOversubscriptionRatio,
    @JsonProperty("max_oversubscription_ratio") Double maxOversubscriptionRatio,
    @JsonProperty("max_free_capacity_oversubscription_ratio")
        Double maxFreeCapacityOversubscriptionRatio,
    @JsonProperty("max_total_capacity_oversubscription_ratio")
        Double maxTotalCapacityOversubscriptionRatio,
    @JsonProperty("next_spawn_result") List<QuerySizeInfoSpawnResult> nextSpawnResult) {

  public QuerySizeInfoSpaceInfo {
    nextSpawnResult = Copies.list(nextSpawnResult);
  }
}
