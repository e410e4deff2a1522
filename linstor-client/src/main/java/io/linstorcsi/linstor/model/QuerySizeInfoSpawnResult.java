package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Where the next spawn of the group would place a replica. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record QuerySizeInfoSpawnResult(
    @JsonProperty("node_name") String nodeName,
    @JsonProperty("stor_pool_name") String storPoolName,
    @JsonProperty("stor_pool_oversubscription_ratio") Double storPoolOversubscriptionRatio,
    @JsonProperty("stor_pool_free_capacity_oversubscription_ratio")
        Double storPoolFreeCapacityOversubscriptionRatio,
    @JsonProperty("stor_pool_total_capacity_oversubscription_ratio")
        Double storPoolTotalCapacityOversubscriptionRatio) {}
