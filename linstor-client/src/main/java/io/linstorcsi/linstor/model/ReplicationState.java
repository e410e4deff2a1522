package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** DRBD replication state towards one peer, with the resync progress. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReplicationState(
    @JsonProperty("replication_state") String replicationState,
    @JsonProperty("done_percentage") Double donePercentage) {}
