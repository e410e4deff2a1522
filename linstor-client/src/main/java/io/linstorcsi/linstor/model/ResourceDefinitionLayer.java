package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One layer of a resource definition; only DRBD carries data. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResourceDefinitionLayer(
    @JsonProperty("type") String type, @JsonProperty("data") DrbdResourceDefinitionLayer data) {

  public static ResourceDefinitionLayer of(String type) {
    return new ResourceDefinitionLayer(type, null);
  }
}
