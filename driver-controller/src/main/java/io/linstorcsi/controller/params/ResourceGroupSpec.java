package io.linstorcsi.controller.params;

import io.linstorcsi.controller.ids.NameUuid;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a StorageClass asks of its LINSTOR resource group: the autoplace select filter and the
 * properties set on the group. Volumes are spawned from the group, so LINSTOR applies all of it.
 */
public record ResourceGroupSpec(
    int placeCount,
    List<String> storagePools,
    List<String> replicasOnSame,
    List<String> replicasOnDifferent,
    Map<String, Integer> xReplicasOnDifferent,
    List<Layer> layerStack,
    String notPlaceWithRscRegex,
    boolean disklessOnRemaining,
    Map<String, String> properties) {

  /** Namespace string of the Go driver's generated resource group names. */
  static final String NAME_NAMESPACE = "resourcegroup.linstor.csi.linbit.com";

  public ResourceGroupSpec {
    storagePools = List.copyOf(storagePools);
    replicasOnSame = List.copyOf(replicasOnSame);
    replicasOnDifferent = List.copyOf(replicasOnDifferent);
    xReplicasOnDifferent =
        java.util.Collections.unmodifiableMap(new TreeMap<>(xReplicasOnDifferent));
    layerStack = List.copyOf(layerStack);
    notPlaceWithRscRegex = notPlaceWithRscRegex == null ? "" : notPlaceWithRscRegex;
    properties = java.util.Collections.unmodifiableMap(new TreeMap<>(properties));
  }

  /**
   * {@code sc-<uuid5>}: the Go driver's name for a StorageClass without {@code resourceGroup}. It
   * hashes the JSON of the resource group modification it would send to an empty group, so the same
   * settings give the same group in both drivers.
   */
  public String generatedName() {
    byte[] json = goModifyJson().getBytes(StandardCharsets.UTF_8);
    return "sc-" + NameUuid.of(NAME_NAMESPACE.getBytes(StandardCharsets.UTF_8), json);
  }

  /** The JSON of golinstor's ResourceGroupModify holding everything that differs from empty. */
  String goModifyJson() {
    GoJson filter =
        new GoJson()
            .number("place_count", placeCount)
            .strings("storage_pool_list", storagePools)
            .string("not_place_with_rsc_regex", notPlaceWithRscRegex)
            .strings("replicas_on_same", replicasOnSame)
            .strings("replicas_on_different", replicasOnDifferent)
            .intMap("x_replicas_on_different_map", xReplicasOnDifferent)
            .strings("layer_stack", layerStack.stream().map(Layer::name).toList())
            .bool("diskless_on_remaining", disklessOnRemaining);
    return new GoJson()
        .stringMap("override_props", properties)
        .object("select_filter", filter)
        .toString();
  }

  /** The layer names as LINSTOR spells them. */
  public List<String> layerNames() {
    return layerStack.stream().map(Layer::name).toList();
  }

  /** Convenience for tests and logs. */
  public Map<String, Object> summary() {
    return Map.of("placeCount", placeCount, "storagePools", storagePools, "layers", layerStack);
  }
}
