package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** A resource group: placement rules and properties shared by its resource definitions. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResourceGroup(
    @JsonProperty("name") String name,
    @JsonProperty("description") String description,
    @JsonProperty("props") Map<String, String> props,
    @JsonProperty("select_filter") SelectFilter selectFilter,
    @JsonProperty("uuid") String uuid,
    @JsonProperty("peer_slots") Integer peerSlots) {

  public ResourceGroup {
    props = Copies.map(props);
  }

  /** The body of a create: name, description, properties and placement rules. */
  public static ResourceGroup of(
      String name, String description, Map<String, String> props, SelectFilter selectFilter) {
    return new ResourceGroup(name, description, props, selectFilter, null, null);
  }
}
