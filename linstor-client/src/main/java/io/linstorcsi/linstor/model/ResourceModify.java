package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** Body of {@code PUT /v1/resource-definitions/{rd}/resources/{node}}. */
public record ResourceModify(
    @JsonProperty("override_props") Map<String, String> overrideProps,
    @JsonProperty("delete_props") List<String> deleteProps,
    @JsonProperty("delete_namespaces") List<String> deleteNamespaces,
    @JsonProperty("drbd_tiebreaker") Boolean drbdTiebreaker) {

  public ResourceModify {
    overrideProps = Copies.map(overrideProps);
    deleteProps = Copies.list(deleteProps);
    deleteNamespaces = Copies.list(deleteNamespaces);
  }

  public static ResourceModify props(Map<String, String> set, List<String> delete) {
    return new ResourceModify(set, delete, null, null);
  }
}
