package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A resource as {@code /v1/view/resources} returns it: the fields of {@link Resource} plus its
 * {@code volumes}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResourceWithVolumes(
    @JsonProperty("name") String name,
    @JsonProperty("node_name") String nodeName,
    @JsonProperty("props") Map<String, String> props,
    @JsonProperty("flags") List<String> flags,
    @JsonProperty("layer_object") LayerObject layerObject,
    @JsonProperty("state") ResourceState state,
    @JsonProperty("uuid") String uuid,
    @JsonProperty("create_timestamp") Long createTimestamp,
    @JsonProperty("volumes") List<Volume> volumes,
    @JsonProperty("shared_name") String sharedName) {

  public ResourceWithVolumes {
    props = Copies.map(props);
    flags = Copies.list(flags);
    volumes = Copies.list(volumes);
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

  /** The resource without its volumes. */
  public Resource resource() {
    return new Resource(name, nodeName, props, flags, layerObject, state, uuid, createTimestamp);
  }
}
