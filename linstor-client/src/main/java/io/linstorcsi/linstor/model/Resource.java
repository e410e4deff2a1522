package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A resource: one replica (or diskless attachment) of a resource definition on one node. {@code
 * flags} appears only when non-empty ({@code DELETE}, {@code DISKLESS}, {@code DRBD_DISKLESS},
 * {@code TIE_BREAKER}...); {@code state} is absent while the satellite is offline.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Resource(
    @JsonProperty("name") String name,
    @JsonProperty("node_name") String nodeName,
    @JsonProperty("props") Map<String, String> props,
    @JsonProperty("flags") List<String> flags,
    @JsonProperty("layer_object") LayerObject layerObject,
    @JsonProperty("state") ResourceState state,
    @JsonProperty("uuid") String uuid,
    @JsonProperty("create_timestamp") Long createTimestamp) {

  public Resource {
    props = Copies.map(props);
    flags = Copies.list(flags);
  }

  /** True when this node holds no data: DRBD diskless, NVMe initiator, or a tie-breaker. */
  @JsonIgnore
  public boolean diskless() {
    return flags.contains("DISKLESS") || flags.contains("DRBD_DISKLESS") || tieBreaker();
  }

  /** True for the diskless replica LINSTOR adds by itself so that two replicas keep quorum. */
  @JsonIgnore
  public boolean tieBreaker() {
    return flags.contains("TIE_BREAKER");
  }

  /** The resource part of a create body: node, properties and flags. */
  public static Resource of(String nodeName, Map<String, String> props, List<String> flags) {
    return new Resource(null, nodeName, props, flags, null, null, null, null);
  }
}
