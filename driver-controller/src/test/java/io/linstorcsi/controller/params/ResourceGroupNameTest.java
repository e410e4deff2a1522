package io.linstorcsi.controller.params;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceGroupNameTest {

  @Test
  void goJson_ofDefaults_isWhatGolinstorEncodes() {
    // golinstor ResourceGroupModify for an empty group: only the changed fields, select_filter
    // always present (Go never omits a struct), place_count 1 and the default layer stack.
    assertThat(VolumeParameters.parse(Map.of()).resourceGroupSpec().goModifyJson())
        .isEqualTo(
            "{\"select_filter\":{\"place_count\":1,\"layer_stack\":[\"DRBD\",\"STORAGE\"]}}");
  }

  @Test
  void goJson_ofFullSettings_keepsGoFieldOrderSortedMapsAndHtmlEscaping() {
    VolumeParameters p =
        VolumeParameters.parse(
            Map.of(
                "placementCount", "2",
                "storagePool", "sp2 sp1",
                "replicasOnSame", "zone",
                "replicasOnDifferent", "rack",
                "xReplicasOnDifferent", "{b: 1, a: 2}",
                "doNotPlaceWithRegex", "<a&b>",
                "disklessOnRemaining", "true",
                "DrbdOptions/Net/protocol", "C",
                "property.linstor.csi.linbit.com/Aux/x", "y"));
    assertThat(p.resourceGroupSpec().goModifyJson())
        .isEqualTo(
            "{\"override_props\":{\"Aux/x\":\"y\",\"DrbdOptions/Net/protocol\":\"C\"},"
                + "\"select_filter\":{\"place_count\":2,\"storage_pool_list\":[\"sp2\",\"sp1\"],"
                + "\"not_place_with_rsc_regex\":\"\\u003ca\\u0026b\\u003e\","
                + "\"replicas_on_same\":[\"Aux/zone\"],\"replicas_on_different\":[\"Aux/rack\"],"
                + "\"x_replicas_on_different_map\":{\"Aux/a\":2,\"Aux/b\":1},"
                + "\"layer_stack\":[\"DRBD\",\"STORAGE\"],\"diskless_on_remaining\":true}}");
  }

  @Test
  void generatedName_isStableAndDependsOnSettingsOnly() {
    String a = VolumeParameters.parse(Map.of("placementCount", "2")).resourceGroup();
    String b =
        VolumeParameters.parse(Map.of("linstor.csi.linbit.com/PLACEMENTCOUNT", "2"))
            .resourceGroup();
    String c = VolumeParameters.parse(Map.of("placementCount", "3")).resourceGroup();
    String d =
        VolumeParameters.parse(Map.of("placementCount", "2", "mountOpts", "noatime"))
            .resourceGroup();
    assertThat(a).isEqualTo(b).isEqualTo(d).isNotEqualTo(c).startsWith("sc-");
  }

  @Test
  void generatedName_forManualPlacement_usesSettingsAsGiven() {
    // The Go driver names the group before node lists clear the autoplace settings.
    VolumeParameters manual =
        VolumeParameters.parse(Map.of("nodeList", "a", "placementCount", "2"));
    assertThat(manual.resourceGroup())
        .isEqualTo(VolumeParameters.parse(Map.of("placementCount", "2")).resourceGroup());
    assertThat(manual.resourceGroupSpec().placeCount()).isZero();
  }

  @Test
  void givenResourceGroup_isKept() {
    assertThat(VolumeParameters.parse(Map.of("resourceGroup", "rg1")).resourceGroup())
        .isEqualTo("rg1");
  }
}
