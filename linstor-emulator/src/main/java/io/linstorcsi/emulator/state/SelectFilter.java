package io.linstorcsi.emulator.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An auto-select filter as the controller keeps it: every field optional. {@link #overlay} merges a
 * request's filter over a stored one field by field (a resource group modify only changes the
 * fields it names).
 */
public record SelectFilter(
    Integer placeCount,
    Integer additionalPlaceCount,
    List<String> nodeNameList,
    List<String> storagePoolList,
    List<String> storagePoolDisklessList,
    List<String> notPlaceWithRsc,
    String notPlaceWithRscRegex,
    List<String> replicasOnSame,
    List<String> replicasOnDifferent,
    Map<String, Integer> xReplicasOnDifferentMap,
    List<String> layerStack,
    List<String> providerList,
    Boolean disklessOnRemaining,
    String disklessType) {

  public static final SelectFilter EMPTY =
      new SelectFilter(
          null, null, null, null, null, null, null, null, null, null, null, null, null, null);

  /** storage_pool is folded into storage_pool_list, as the controller does. */
  public static List<String> poolList(String storagePool, List<String> storagePoolList) {
    if ((storagePoolList == null || storagePoolList.isEmpty()) && storagePool != null) {
      return List.of(storagePool);
    }
    return storagePoolList == null ? null : new ArrayList<>(storagePoolList);
  }

  public SelectFilter overlay(SelectFilter top) {
    if (top == null) {
      return this;
    }
    return new SelectFilter(
        pick(top.placeCount, placeCount),
        pick(top.additionalPlaceCount, additionalPlaceCount),
        pick(top.nodeNameList, nodeNameList),
        pick(top.storagePoolList, storagePoolList),
        pick(top.storagePoolDisklessList, storagePoolDisklessList),
        pick(top.notPlaceWithRsc, notPlaceWithRsc),
        pick(top.notPlaceWithRscRegex, notPlaceWithRscRegex),
        pick(top.replicasOnSame, replicasOnSame),
        pick(top.replicasOnDifferent, replicasOnDifferent),
        pick(top.xReplicasOnDifferentMap, xReplicasOnDifferentMap),
        pick(top.layerStack, layerStack),
        pick(top.providerList, providerList),
        pick(top.disklessOnRemaining, disklessOnRemaining),
        pick(top.disklessType, disklessType));
  }

  private static <T> T pick(T top, T base) {
    if (top instanceof List<?> list && list.isEmpty()) {
      return base;
    }
    return top != null ? top : base;
  }
}
