package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The DRBD layer of one resource: node id, peer connections keyed by peer node name, the volumes
 * with their disk states, and the promotion score the satellite reports.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DrbdResource(
    @JsonProperty("drbd_resource_definition") DrbdResourceDefinitionLayer drbdResourceDefinition,
    @JsonProperty("node_id") Integer nodeId,
    @JsonProperty("tcp_ports") List<Integer> tcpPorts,
    @JsonProperty("peer_slots") Integer peerSlots,
    @JsonProperty("al_stripes") Integer alStripes,
    @JsonProperty("al_size") Long alSize,
    @JsonProperty("flags") List<String> flags,
    @JsonProperty("drbd_volumes") List<LayerVolume> drbdVolumes,
    @JsonProperty("connections") Map<String, DrbdConnection> connections,
    @JsonProperty("promotion_score") Integer promotionScore,
    @JsonProperty("may_promote") Boolean mayPromote) {

  public DrbdResource {
    tcpPorts = Copies.list(tcpPorts);
    flags = Copies.list(flags);
    drbdVolumes = Copies.list(drbdVolumes);
    connections = Copies.map(connections);
  }
}
