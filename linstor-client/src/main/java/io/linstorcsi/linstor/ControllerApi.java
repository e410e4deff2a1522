package io.linstorcsi.linstor;

import com.fasterxml.jackson.core.type.TypeReference;
import io.linstorcsi.linstor.model.ControllerVersion;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The controller itself: version and controller-level properties. */
public final class ControllerApi {
  private static final TypeReference<Map<String, String>> PROPS = new TypeReference<>() {};

  private final Transport transport;

  ControllerApi(Transport transport) {
    this.transport = transport;
  }

  /** {@code GET /v1/controller/version}; a cheap liveness probe. */
  public ControllerVersion version() {
    return transport.get(
        ApiRequest.get("controller.version", "controller", "version"), ControllerVersion.class);
  }

  /** {@code GET /v1/controller/properties}: the cluster-wide properties. */
  public Map<String, String> properties() {
    Map<String, String> props =
        transport.get(ApiRequest.get("controller.properties", "controller", "properties"), PROPS);
    return Collections.unmodifiableMap(new LinkedHashMap<>(props));
  }
}
