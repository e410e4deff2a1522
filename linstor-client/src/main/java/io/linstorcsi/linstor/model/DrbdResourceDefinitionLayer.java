package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** DRBD data of a resource definition (port, secret, peer slots). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DrbdResourceDefinitionLayer(
    @JsonProperty("resource_name_suffix") String resourceNameSuffix,
    @JsonProperty("peer_slots") Integer peerSlots,
    @JsonProperty("al_stripes") Integer alStripes,
    @JsonProperty("al_stripe_size_kib") Long alStripeSizeKib,
    @JsonProperty("port") Integer port,
    @JsonProperty("transport_type") String transportType,
    @JsonProperty("secret") String secret,
    @JsonProperty("down") Boolean down) {}
