package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** DRBD data of a volume definition (the minor number gives {@code /dev/drbdN}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DrbdVolumeDefinition(
    @JsonProperty("resource_name_suffix") String resourceNameSuffix,
    @JsonProperty("volume_number") Integer volumeNumber,
    @JsonProperty("minor_number") Integer minorNumber) {}
