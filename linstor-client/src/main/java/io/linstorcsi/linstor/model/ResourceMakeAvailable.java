package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Body of {@code POST .../resources/{node}/make-available}: ensures the node can access the
 * resource, diskless when possible unless {@code diskful}. A node that already has it gets 200 with
 * "Resource already deployed as requested".
 */
public record ResourceMakeAvailable(
    @JsonProperty("layer_list") List<String> layerList, @JsonProperty("diskful") Boolean diskful) {

  public ResourceMakeAvailable {
    layerList = Copies.list(layerList);
  }

  public static ResourceMakeAvailable of(boolean diskful) {
    return new ResourceMakeAvailable(null, diskful);
  }
}
