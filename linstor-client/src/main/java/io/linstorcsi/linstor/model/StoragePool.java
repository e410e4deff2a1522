package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.linstorcsi.linstor.error.ApiCallRc;
import java.util.List;
import java.util.Map;

/**
 * A storage pool on one node. Capacities are KiB; the diskless pool reports {@link Long#MAX_VALUE}.
 * {@code static_traits} holds {@code Provisioning} ({@code Thin}/{@code Fat}) and {@code
 * SupportsSnapshots} as strings.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StoragePool(
    @JsonProperty("storage_pool_name") String storagePoolName,
    @JsonProperty("node_name") String nodeName,
    @JsonProperty("provider_kind") String providerKind,
    @JsonProperty("props") Map<String, String> props,
    @JsonProperty("static_traits") Map<String, String> staticTraits,
    @JsonProperty("free_capacity") Long freeCapacity,
    @JsonProperty("total_capacity") Long totalCapacity,
    @JsonProperty("free_space_mgr_name") String freeSpaceMgrName,
    @JsonProperty("uuid") String uuid,
    @JsonProperty("reports") List<ApiCallRc> reports,
    @JsonProperty("supports_snapshots") Boolean supportsSnapshots,
    @JsonProperty("shared_space") String sharedSpace,
    @JsonProperty("external_locking") Boolean externalLocking) {

  public StoragePool {
    props = Copies.map(props);
    staticTraits = Copies.map(staticTraits);
    reports = Copies.list(reports);
  }

  /** True for thin provisioning, from the static trait {@code Provisioning}. */
  @JsonIgnore
  public boolean thin() {
    return "Thin".equalsIgnoreCase(staticTraits.get("Provisioning"));
  }

  /** True for the pool kind DISKLESS, which holds no data. */
  @JsonIgnore
  public boolean diskless() {
    return "DISKLESS".equalsIgnoreCase(providerKind);
  }
}
