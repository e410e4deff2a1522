package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** DRBD connection to one peer: {@code message} is the connection state, e.g. StandAlone. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DrbdConnection(
    @JsonProperty("connected") Boolean connected, @JsonProperty("message") String message) {}
