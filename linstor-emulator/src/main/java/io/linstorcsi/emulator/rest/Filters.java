package io.linstorcsi.emulator.rest;

import io.linstorcsi.emulator.state.SelectFilter;
import java.util.Locale;

/** Converts request auto-select filters into the stored form. */
final class Filters {
  private Filters() {}

  static SelectFilter of(In.AutoSelectFilter in) {
    if (in == null) {
      return null;
    }
    return new SelectFilter(
        in.placeCount(),
        in.additionalPlaceCount(),
        in.nodeNameList(),
        SelectFilter.poolList(in.storagePool(), in.storagePoolList()),
        in.storagePoolDisklessList(),
        in.notPlaceWithRsc(),
        in.notPlaceWithRscRegex(),
        in.replicasOnSame(),
        in.replicasOnDifferent(),
        in.xReplicasOnDifferentMap(),
        in.layerStack() == null
            ? null
            : in.layerStack().stream().map(s -> s.toUpperCase(Locale.ROOT)).toList(),
        in.providerList(),
        in.disklessOnRemaining(),
        in.disklessType());
  }
}
