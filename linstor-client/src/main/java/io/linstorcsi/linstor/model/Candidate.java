package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A placement candidate of query-max-volume-size: pool, nodes and largest volume (KiB). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Candidate(
    @JsonProperty("storage_pool") String storagePool,
    @JsonProperty("max_volume_size_kib") Long maxVolumeSizeKib,
    @JsonProperty("node_names") List<String> nodeNames,
    @JsonProperty("all_thin") Boolean allThin) {

  public Candidate {
    nodeNames = Copies.list(nodeNames);
  }
}
