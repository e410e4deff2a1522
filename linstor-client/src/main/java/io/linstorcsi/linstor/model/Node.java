package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A LINSTOR node. {@code connection_status} is {@code ONLINE} for a usable satellite; an offline
 * node also carries {@code eviction_timestamp} (epoch ms).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Node(
    @JsonProperty("name") String name,
    @JsonProperty("type") String type,
    @JsonProperty("flags") List<String> flags,
    @JsonProperty("props") Map<String, String> props,
    @JsonProperty("net_interfaces") List<NetInterface> netInterfaces,
    @JsonProperty("connection_status") String connectionStatus,
    @JsonProperty("uuid") String uuid,
    @JsonProperty("storage_providers") List<String> storageProviders,
    @JsonProperty("resource_layers") List<String> resourceLayers,
    @JsonProperty("unsupported_providers") Map<String, List<String>> unsupportedProviders,
    @JsonProperty("unsupported_layers") Map<String, List<String>> unsupportedLayers,
    @JsonProperty("eviction_timestamp") Long evictionTimestamp,
    @JsonProperty("platform") String platform,
    @JsonProperty("os_variant") String osVariant) {

  public Node {
    flags = Copies.list(flags);
    props = Copies.map(props);
    netInterfaces = Copies.list(netInterfaces);
    storageProviders = Copies.list(storageProviders);
    resourceLayers = Copies.list(resourceLayers);
    unsupportedProviders = Copies.map(unsupportedProviders);
    unsupportedLayers = Copies.map(unsupportedLayers);
  }

  /** True when the satellite is connected and answering. */
  @JsonIgnore
  public boolean online() {
    return "ONLINE".equalsIgnoreCase(connectionStatus);
  }
}
