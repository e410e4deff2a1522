package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** Body of {@code PUT /v1/resource-groups/{rg}}. */
public record ResourceGroupModify(
    @JsonProperty("description") String description,
    @JsonProperty("override_props") Map<String, String> overrideProps,
    @JsonProperty("delete_props") List<String> deleteProps,
    @JsonProperty("delete_namespaces") List<String> deleteNamespaces,
    @JsonProperty("select_filter") SelectFilter selectFilter,
    @JsonProperty("peer_slots") Integer peerSlots) {

  public ResourceGroupModify {
    overrideProps = Copies.map(overrideProps);
    deleteProps = Copies.list(deleteProps);
    deleteNamespaces = Copies.list(deleteNamespaces);
  }

  public static ResourceGroupModify props(Map<String, String> set, List<String> delete) {
    return new ResourceGroupModify(null, set, delete, null, null, null);
  }

  public static ResourceGroupModify selectFilter(SelectFilter filter) {
    return new ResourceGroupModify(null, null, null, null, filter, null);
  }
}
