package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Status of a clone: {@code CLONING}, {@code COMPLETE} or {@code FAILED}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResourceDefinitionCloneStatus(@JsonProperty("status") String status) {

  @JsonIgnore
  public boolean complete() {
    return "COMPLETE".equalsIgnoreCase(status);
  }

  @JsonIgnore
  public boolean failed() {
    return "FAILED".equalsIgnoreCase(status);
  }
}
