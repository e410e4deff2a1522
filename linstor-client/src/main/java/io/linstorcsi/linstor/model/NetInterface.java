package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A network interface of a node; the active one carries the satellite connection. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetInterface(
    @JsonProperty("name") String name,
    @JsonProperty("address") String address,
    @JsonProperty("satellite_port") Integer satellitePort,
    @JsonProperty("satellite_encryption_type") String satelliteEncryptionType,
    @JsonProperty("is_active") Boolean isActive,
    @JsonProperty("uuid") String uuid) {}
