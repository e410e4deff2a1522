package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of {@code POST /v1/resource-definitions}. */
public record ResourceDefinitionCreate(
    @JsonProperty("drbd_port") Integer drbdPort,
    @JsonProperty("drbd_secret") String drbdSecret,
    @JsonProperty("drbd_peer_slots") Integer drbdPeerSlots,
    @JsonProperty("drbd_transport_type") String drbdTransportType,
    @JsonProperty("resource_definition") ResourceDefinition resourceDefinition) {

  public static ResourceDefinitionCreate of(ResourceDefinition definition) {
    return new ResourceDefinitionCreate(null, null, null, null, definition);
  }
}
