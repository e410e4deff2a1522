package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** Runtime state of one volume: disk state and replication state per peer node. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VolumeState(
    @JsonProperty("disk_state") String diskState,
    @JsonProperty("replication_states") Map<String, ReplicationState> replicationStates) {

  public VolumeState {
    replicationStates = Copies.map(replicationStates);
  }
}
