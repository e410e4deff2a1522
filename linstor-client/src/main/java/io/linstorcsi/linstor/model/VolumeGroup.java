package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** A volume group of a resource group; spawned definitions get one volume per group. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VolumeGroup(
    @JsonProperty("volume_number") Integer volumeNumber,
    @JsonProperty("props") Map<String, String> props,
    @JsonProperty("uuid") String uuid,
    @JsonProperty("flags") List<String> flags) {

  public VolumeGroup {
    props = Copies.map(props);
    flags = Copies.list(flags);
  }

  /** The body of a create; a null number lets LINSTOR pick the next free one. */
  public static VolumeGroup of(Integer volumeNumber, Map<String, String> props) {
    return new VolumeGroup(volumeNumber, props, null, null);
  }
}
