package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One entry of the body of {@code POST /v1/resource-definitions/{rd}/resources} (the body is a
 * list; a single object is refused). Without {@code layer_list} the resource takes the layers of
 * its definition.
 */
public record ResourceCreate(
    @JsonProperty("resource") Resource resource,
    @JsonProperty("layer_list") List<String> layerList,
    @JsonProperty("drbd_node_id") Integer drbdNodeId) {

  public ResourceCreate {
    layerList = Copies.list(layerList);
  }

  /** A diskful resource on {@code node} in {@code storagePool} (null: LINSTOR's default). */
  public static ResourceCreate diskful(String node, String storagePool, List<String> layerList) {
    Map<String, String> props =
        storagePool == null ? Map.of() : Map.of("StorPoolName", storagePool);
    return new ResourceCreate(Resource.of(node, props, null), layerList, null);
  }

  /** A DRBD diskless resource on {@code node}: reads and writes go to the diskful peers. */
  public static ResourceCreate diskless(String node, List<String> layerList) {
    return new ResourceCreate(Resource.of(node, null, List.of("DRBD_DISKLESS")), layerList, null);
  }
}
