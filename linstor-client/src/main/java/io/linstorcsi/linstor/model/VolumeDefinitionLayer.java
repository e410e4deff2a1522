package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One layer of a volume definition; only DRBD carries data. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VolumeDefinitionLayer(
    @JsonProperty("type") String type, @JsonProperty("data") DrbdVolumeDefinition data) {}
