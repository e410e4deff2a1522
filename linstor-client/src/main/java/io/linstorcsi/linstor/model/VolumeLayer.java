package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One layer's data of one volume, as in {@code layer_data_list} of a volume. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VolumeLayer(
    @JsonProperty("type") String type, @JsonProperty("data") LayerVolume data) {}
