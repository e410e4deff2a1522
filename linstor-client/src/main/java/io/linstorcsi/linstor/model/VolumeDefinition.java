package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A volume definition: number and size (KiB) of one volume of a resource definition. {@code flags}
 * shows {@code RESIZE} while a resize is in flight.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VolumeDefinition(
    @JsonProperty("volume_number") Integer volumeNumber,
    @JsonProperty("size_kib") Long sizeKib,
    @JsonProperty("props") Map<String, String> props,
    @JsonProperty("flags") List<String> flags,
    @JsonProperty("layer_data") List<VolumeDefinitionLayer> layerData,
    @JsonProperty("uuid") String uuid) {

  public VolumeDefinition {
    props = Copies.map(props);
    flags = Copies.list(flags);
    layerData = Copies.list(layerData);
  }

  /** The body of a create; a null number lets LINSTOR pick the next free one. */
  public static VolumeDefinition of(Integer volumeNumber, long sizeKib, Map<String, String> props) {
    return new VolumeDefinition(volumeNumber, sizeKib, props, null, null, null);
  }
}
