package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;

/**
 * LINSTOR's {@code ResourceLayer}: one layer of a resource's layer stack, with the layers below it
 * in {@code children}. For {@code type} DRBD {@code drbd} is set, for STORAGE {@code storage}, and
 * so on.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LayerObject(
    @JsonProperty("children") List<LayerObject> children,
    @JsonProperty("resource_name_suffix") String resourceNameSuffix,
    @JsonProperty("type") String type,
    @JsonProperty("drbd") DrbdResource drbd,
    @JsonProperty("luks") LayerVolumes luks,
    @JsonProperty("storage") LayerVolumes storage,
    @JsonProperty("nvme") LayerVolumes nvme,
    @JsonProperty("writecache") LayerVolumes writecache,
    @JsonProperty("cache") LayerVolumes cache,
    @JsonProperty("bcache") LayerVolumes bcache) {

  public LayerObject {
    children = Copies.list(children);
  }

  /** The first layer of the given type in this layer or below, depth first. */
  public Optional<LayerObject> find(String layerType) {
    if (layerType.equalsIgnoreCase(type)) {
      return Optional.of(this);
    }
    for (LayerObject child : children) {
      Optional<LayerObject> found = child.find(layerType);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }
}
