package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** Body of {@code PUT /v1/nodes/{node}}. */
public record NodeModify(
    @JsonProperty("node_type") String nodeType,
    @JsonProperty("override_props") Map<String, String> overrideProps,
    @JsonProperty("delete_props") List<String> deleteProps,
    @JsonProperty("delete_namespaces") List<String> deleteNamespaces) {

  public NodeModify {
    overrideProps = Copies.map(overrideProps);
    deleteProps = Copies.list(deleteProps);
    deleteNamespaces = Copies.list(deleteNamespaces);
  }

  public static NodeModify props(Map<String, String> set, List<String> delete) {
    return new NodeModify(null, set, delete, null);
  }
}
