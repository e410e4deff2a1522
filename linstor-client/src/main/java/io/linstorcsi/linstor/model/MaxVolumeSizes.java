package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Answer of query-max-volume-size; no candidate means the filter cannot be satisfied at all. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MaxVolumeSizes(
    @JsonProperty("candidates") List<Candidate> candidates,
    @JsonProperty("default_max_oversubscription_ratio") Double defaultMaxOversubscriptionRatio) {

  public MaxVolumeSizes {
    candidates = Copies.list(candidates);
  }
}
