package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Body of {@code POST /v1/resource-definitions/{rd}/autoplace}. An empty request places by the
 * resource group's filter; when enough replicas exist LINSTOR answers 201 with
 * WARN_RSC_ALREADY_DEPLOYED.
 */
public record AutoPlaceRequest(
    @JsonProperty("diskless_on_remaining") Boolean disklessOnRemaining,
    @JsonProperty("select_filter") SelectFilter selectFilter,
    @JsonProperty("layer_list") List<String> layerList) {

  public AutoPlaceRequest {
    layerList = Copies.list(layerList);
  }

  /** Place by the resource group's filter. */
  public static AutoPlaceRequest byGroup() {
    return new AutoPlaceRequest(null, null, null);
  }

  public static AutoPlaceRequest of(SelectFilter filter, List<String> layerList) {
    return new AutoPlaceRequest(null, filter, layerList);
  }
}
