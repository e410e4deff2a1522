package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * LINSTOR's {@code AutoSelectFilter}: the placement rules of a resource group, an autoplace or a
 * spawn. Every field is optional; an absent field means "inherit" (LINSTOR says "do not add
 * defaults"). GET responses may carry both {@code storage_pool} and {@code storage_pool_list}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SelectFilter(
    @JsonProperty("place_count") Integer placeCount,
    @JsonProperty("additional_place_count") Integer additionalPlaceCount,
    @JsonProperty("node_name_list") List<String> nodeNameList,
    @JsonProperty("storage_pool") String storagePool,
    @JsonProperty("storage_pool_list") List<String> storagePoolList,
    @JsonProperty("storage_pool_diskless_list") List<String> storagePoolDisklessList,
    @JsonProperty("not_place_with_rsc") List<String> notPlaceWithRsc,
    @JsonProperty("not_place_with_rsc_regex") String notPlaceWithRscRegex,
    @JsonProperty("replicas_on_same") List<String> replicasOnSame,
    @JsonProperty("replicas_on_different") List<String> replicasOnDifferent,
    @JsonProperty("x_replicas_on_different_map") Map<String, Integer> xReplicasOnDifferentMap,
    @JsonProperty("layer_stack") List<String> layerStack,
    @JsonProperty("provider_list") List<String> providerList,
    @JsonProperty("diskless_on_remaining") Boolean disklessOnRemaining,
    @JsonProperty("diskless_type") String disklessType,
    @JsonProperty("overprovision") Double overprovision,
    @JsonProperty("port_count") Integer portCount) {

  public SelectFilter {
    nodeNameList = Copies.list(nodeNameList);
    storagePoolList = Copies.list(storagePoolList);
    storagePoolDisklessList = Copies.list(storagePoolDisklessList);
    notPlaceWithRsc = Copies.list(notPlaceWithRsc);
    replicasOnSame = Copies.list(replicasOnSame);
    replicasOnDifferent = Copies.list(replicasOnDifferent);
    xReplicasOnDifferentMap = Copies.map(xReplicasOnDifferentMap);
    layerStack = Copies.list(layerStack);
    providerList = Copies.list(providerList);
  }

  /** A filter with nothing set. */
  public static SelectFilter empty() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.placeCount = placeCount;
    b.additionalPlaceCount = additionalPlaceCount;
    b.nodeNameList = nodeNameList;
    b.storagePool = storagePool;
    b.storagePoolList = storagePoolList;
    b.storagePoolDisklessList = storagePoolDisklessList;
    b.notPlaceWithRsc = notPlaceWithRsc;
    b.notPlaceWithRscRegex = notPlaceWithRscRegex;
    b.replicasOnSame = replicasOnSame;
    b.replicasOnDifferent = replicasOnDifferent;
    b.xReplicasOnDifferentMap = xReplicasOnDifferentMap;
    b.layerStack = layerStack;
    b.providerList = providerList;
    b.disklessOnRemaining = disklessOnRemaining;
    b.disklessType = disklessType;
    b.overprovision = overprovision;
    b.portCount = portCount;
    return b;
  }

  /** Builds a filter field by field; unset fields stay absent on the wire. */
  public static final class Builder {
    private Integer placeCount;
    private Integer additionalPlaceCount;
    private List<String> nodeNameList;
    private String storagePool;
    private List<String> storagePoolList;
    private List<String> storagePoolDisklessList;
    private List<String> notPlaceWithRsc;
    private String notPlaceWithRscRegex;
    private List<String> replicasOnSame;
    private List<String> replicasOnDifferent;
    private Map<String, Integer> xReplicasOnDifferentMap;
    private List<String> layerStack;
    private List<String> providerList;
    private Boolean disklessOnRemaining;
    private String disklessType;
    private Double overprovision;
    private Integer portCount;

    private Builder() {}

    public Builder placeCount(Integer v) {
      placeCount = v;
      return this;
    }

    public Builder additionalPlaceCount(Integer v) {
      additionalPlaceCount = v;
      return this;
    }

    public Builder nodeNameList(List<String> v) {
      nodeNameList = v;
      return this;
    }

    public Builder storagePool(String v) {
      storagePool = v;
      return this;
    }

    public Builder storagePoolList(List<String> v) {
      storagePoolList = v;
      return this;
    }

    public Builder storagePoolDisklessList(List<String> v) {
      storagePoolDisklessList = v;
      return this;
    }

    public Builder notPlaceWithRsc(List<String> v) {
      notPlaceWithRsc = v;
      return this;
    }

    public Builder notPlaceWithRscRegex(String v) {
      notPlaceWithRscRegex = v;
      return this;
    }

    public Builder replicasOnSame(List<String> v) {
      replicasOnSame = v;
      return this;
    }

    public Builder replicasOnDifferent(List<String> v) {
      replicasOnDifferent = v;
      return this;
    }

    public Builder xReplicasOnDifferentMap(Map<String, Integer> v) {
      xReplicasOnDifferentMap = v;
      return this;
    }

    public Builder layerStack(List<String> v) {
      layerStack = v;
      return this;
    }

    public Builder providerList(List<String> v) {
      providerList = v;
      return this;
    }

    public Builder disklessOnRemaining(Boolean v) {
      disklessOnRemaining = v;
      return this;
    }

    public Builder disklessType(String v) {
      disklessType = v;
      return this;
    }

    public Builder overprovision(Double v) {
      overprovision = v;
      return this;
    }

    public Builder portCount(Integer v) {
      portCount = v;
      return this;
    }

    public SelectFilter build() {
      return new SelectFilter(
          placeCount,
          additionalPlaceCount,
          nodeNameList,
          storagePool,
          storagePoolList,
          storagePoolDisklessList,
          notPlaceWithRsc,
          notPlaceWithRscRegex,
          replicasOnSame,
          replicasOnDifferent,
          xReplicasOnDifferentMap,
          layerStack,
          providerList,
          disklessOnRemaining,
          disklessType,
          overprovision,
          portCount);
    }
  }
}
