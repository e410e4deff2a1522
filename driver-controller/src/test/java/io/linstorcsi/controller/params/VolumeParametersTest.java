package io.linstorcsi.controller.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.linstorcsi.common.CsiError;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class VolumeParametersTest {
  private static final String NS = "linstor.csi.linbit.com/";

  private static Arguments ok(
      String key, String value, Function<VolumeParameters, Object> field, Object expected) {
    return Arguments.of(key, value, field, expected);
  }

  static Stream<Arguments> validValues() {
    RemoteAccessPolicy zone =
        new RemoteAccessPolicy(
            List.of(new RemoteAccessPolicy.Rule(List.of("topology.kubernetes.io/zone"))));
    return Stream.of(
        ok("placementCount", "3", VolumeParameters::placementCount, 3),
        ok("placementCount", "", VolumeParameters::placementCount, 1),
        ok("autoPlace", "2", VolumeParameters::placementCount, 2),
        ok("storagePool", "sp1", VolumeParameters::storagePools, List.of("sp1")),
        ok("storagePool", "sp1  sp2 ", VolumeParameters::storagePools, List.of("sp1", "sp2")),
        ok("disklessStoragePool", "dl", VolumeParameters::disklessStoragePool, "dl"),
        ok(
            "allowRemoteVolumeAccess",
            "true",
            VolumeParameters::remoteAccess,
            RemoteAccessPolicy.ANYWHERE),
        ok(
            "allowRemoteVolumeAccess",
            "False",
            VolumeParameters::remoteAccess,
            RemoteAccessPolicy.LOCAL_ONLY),
        ok(
            "allowRemoteVolumeAccess",
            "- fromSame:\n  - topology.kubernetes.io/zone\n",
            VolumeParameters::remoteAccess,
            zone),
        ok(
            "allowRemoteVolumeAccess",
            "[{fromSame: [topology.kubernetes.io/zone]}]",
            VolumeParameters::remoteAccess,
            zone),
        ok(
            "layerList",
            "drbd luks storage",
            VolumeParameters::layerList,
            List.of(Layer.DRBD, Layer.LUKS, Layer.STORAGE)),
        ok("layerList", "STORAGE", VolumeParameters::layerList, List.of(Layer.STORAGE)),
        ok(
            "replicasOnSame",
            "zone Aux/rack=r1",
            VolumeParameters::replicasOnSame,
            List.of("Aux/zone", "Aux/rack=r1")),
        ok(
            "replicasOnDifferent",
            "topology.kubernetes.io/zone",
            VolumeParameters::replicasOnDifferent,
            List.of("Aux/topology.kubernetes.io/zone")),
        ok(
            "xReplicasOnDifferent",
            "zone: 2",
            VolumeParameters::xReplicasOnDifferent,
            Map.of("Aux/zone", 2)),
        ok("doNotPlaceWithRegex", "^db-.*", VolumeParameters::doNotPlaceWithRegex, "^db-.*"),
        ok("disklessOnRemaining", "true", VolumeParameters::disklessOnRemaining, true),
        ok("nodeList", "n1 n2", VolumeParameters::nodeList, List.of("n1", "n2")),
        ok("clientList", "n3", VolumeParameters::clientList, List.of("n3")),
        ok(
            "placementPolicy",
            "followtopology",
            VolumeParameters::placementPolicy,
            PlacementPolicy.FOLLOW_TOPOLOGY),
        ok(
            "placementPolicy",
            "AutoPlace",
            VolumeParameters::placementPolicy,
            PlacementPolicy.AUTO_PLACE),
        ok(
            "placementPolicy",
            "Balanced",
            VolumeParameters::placementPolicy,
            PlacementPolicy.BALANCED),
        ok("encryption", "1", VolumeParameters::encryption, true),
        ok("fsOpts", "-E nodiscard", VolumeParameters::fsOpts, "-E nodiscard"),
        ok("mountOpts", "noatime,discard", VolumeParameters::mountOpts, "noatime,discard"),
        ok("postMountXfsOpts", "extsize 2m", VolumeParameters::postMountXfsOpts, "extsize 2m"),
        ok("resourceGroup", "my-rg", VolumeParameters::resourceGroup, "my-rg"),
        ok("usePvcName", "true", VolumeParameters::usePvcName, true),
        ok("overProvision", "1.5", VolumeParameters::overProvision, OptionalDouble.of(1.5)),
        ok("sizeKiB", "1024", VolumeParameters::placementCount, 1),
        ok("nfsServiceName", "x", VolumeParameters::placementCount, 1));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("validValues")
  void parse_validValue_withPrefix(
      String key, String value, Function<VolumeParameters, Object> field, Object expected) {
    assertThat(field.apply(VolumeParameters.parse(Map.of(NS + key, value)))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("validValues")
  void parse_validValue_bareAndAnyCase(
      String key, String value, Function<VolumeParameters, Object> field, Object expected) {
    assertThat(field.apply(VolumeParameters.parse(Map.of(key, value)))).isEqualTo(expected);
    assertThat(field.apply(VolumeParameters.parse(Map.of(NS + key.toUpperCase(), value))))
        .isEqualTo(expected);
  }

  static Stream<Arguments> malformedValues() {
    return Stream.of(
        Arguments.of("placementCount", "abc", "must be a positive integer, got 'abc'"),
        Arguments.of("placementCount", "0", "must be a positive integer"),
        Arguments.of("autoPlace", "-1", "must be a positive integer"),
        Arguments.of("disklessStoragePool", " ", "must not be empty"),
        Arguments.of("allowRemoteVolumeAccess", "maybe", "must be true, false or a YAML list"),
        Arguments.of("allowRemoteVolumeAccess", "- fromDifferent: [x]", "YAML list"),
        Arguments.of("layerList", "drbd zfs", "must be space-separated layers"),
        Arguments.of("layerList", "", "at least one layer"),
        Arguments.of("xReplicasOnDifferent", "zone", "YAML map"),
        Arguments.of("xReplicasOnDifferent", "zone: two", "positive integer"),
        Arguments.of("xReplicasOnDifferent", "zone: 0", "positive integer"),
        Arguments.of("doNotPlaceWithRegex", "(unclosed", "valid regular expression"),
        Arguments.of("disklessOnRemaining", "yes", "must be true or false, got 'yes'"),
        Arguments.of("placementPolicy", "Random", "must be one of"),
        Arguments.of("encryption", "on", "must be true or false"),
        Arguments.of("usePvcName", "2", "must be true or false"),
        Arguments.of("overProvision", "lots", "must be a positive number"),
        Arguments.of("overProvision", "-1", "must be a positive number"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("malformedValues")
  void parse_malformedValue_isInvalidArgumentNamingTheKey(
      String key, String value, String message) {
    assertThatThrownBy(() -> VolumeParameters.parse(Map.of(NS + key, value)))
        .isInstanceOfSatisfying(
            CsiError.class,
            e -> {
              assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getMessage()).contains(NS + key).contains(message);
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {NS + "placementcnt", "nosuchkey", NS + "storagePool/extra"})
  void parse_unknownDriverKey_isInvalidArgumentNamingIt(String key) {
    assertThatThrownBy(() -> VolumeParameters.parse(Map.of(key, "1")))
        .isInstanceOfSatisfying(
            CsiError.class,
            e -> {
              assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getMessage()).contains("'" + key + "'");
            });
  }

  @Test
  void parse_sameKeyTwiceWithDifferentValues_isInvalidArgument() {
    assertThatThrownBy(
            () -> VolumeParameters.parse(Map.of(NS + "autoPlace", "2", "placementCount", "3")))
        .isInstanceOf(CsiError.class)
        .hasMessageContaining("given twice");
  }

  @Test
  void parse_passesLinstorPropertiesThrough_andIgnoresOtherNamespaces() {
    VolumeParameters p =
        VolumeParameters.parse(
            Map.of(
                "property.linstor.csi.linbit.com/DrbdOptions/Resource/on-no-quorum", "suspend-io",
                "DrbdOptions/Net/protocol", "C",
                "csi.storage.k8s.io/provisioner-secret-name", "secret",
                "example.com/whatever", "x",
                "csi.storage.k8s.io/fstype", "xfs",
                "csi.storage.k8s.io/pvc/name", "data",
                "csi.storage.k8s.io/pvc/namespace", "default"));
    assertThat(p.properties())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "DrbdOptions/Resource/on-no-quorum",
                "suspend-io",
                "DrbdOptions/Net/protocol",
                "C"));
    assertThat(p.fsType()).isEqualTo("xfs");
    assertThat(p.pvcName()).isEqualTo("data");
    assertThat(p.pvcNamespace()).isEqualTo("default");
  }

  @Test
  void parse_empty_givesGoDriverDefaults() {
    VolumeParameters p = VolumeParameters.parse(Map.of());
    assertThat(p.placementCount()).isEqualTo(1);
    assertThat(p.layerList()).containsExactly(Layer.DRBD, Layer.STORAGE);
    assertThat(p.remoteAccess()).isEqualTo(RemoteAccessPolicy.ANYWHERE);
    assertThat(p.placementPolicy()).isEqualTo(PlacementPolicy.AUTO_PLACE_TOPOLOGY);
    assertThat(p.disklessStoragePool()).isEqualTo("DfltDisklessStorPool");
    assertThat(p.disklessFlag()).contains("DRBD_DISKLESS");
    assertThat(p.resourceGroup()).matches("sc-[0-9a-f-]{36}");
    assertThat(p.overProvision()).isEmpty();
  }

  @Test
  void parse_withoutNetworkLayer_defaultsToLocalAccessOnly() {
    VolumeParameters p = VolumeParameters.parse(Map.of("layerList", "storage"));
    assertThat(p.remoteAccess()).isEqualTo(RemoteAccessPolicy.LOCAL_ONLY);
    assertThat(p.disklessFlag()).isEmpty();
    assertThat(VolumeParameters.parse(Map.of("layerList", "nvme storage")).disklessFlag())
        .contains("NVME_INITIATOR");
  }

  static Stream<Arguments> severalCopiesWithoutReplication() {
    return Stream.of(
        Arguments.of(Map.of("placementCount", "2", "layerList", "storage"), "placementCount"),
        Arguments.of(Map.of("autoPlace", "3", "layerList", "luks storage"), "autoPlace"),
        Arguments.of(Map.of("placementCount", "2", "layerList", "nvme storage"), "placementCount"),
        Arguments.of(Map.of("nodeList", "a b", "layerList", "storage"), "nodeList"),
        Arguments.of(
            Map.of("clientList", "b", "nodeList", "a", "layerList", "storage"), "clientList"),
        Arguments.of(
            Map.of("disklessOnRemaining", "true", "layerList", "storage"), "disklessOnRemaining"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("severalCopiesWithoutReplication")
  void parse_severalCopiesWithoutDrbd_isInvalidArgumentNamingBothKeys(
      Map<String, String> raw, String countKey) {
    assertThatThrownBy(() -> VolumeParameters.parse(raw))
        .isInstanceOfSatisfying(
            CsiError.class,
            e -> {
              assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getMessage())
                  .contains(NS + countKey)
                  .contains(NS + "layerList")
                  .contains("independent");
            });
  }

  @Test
  void parse_oneCopyWithoutDrbd_orSeveralWithDrbd_isAccepted() {
    assertThat(VolumeParameters.parse(Map.of("layerList", "storage")).placementCount())
        .isEqualTo(1);
    assertThat(
            VolumeParameters.parse(Map.of("nodeList", "a", "layerList", "luks storage")).nodeList())
        .containsExactly("a");
    assertThat(
            VolumeParameters.parse(Map.of("placementCount", "3", "layerList", "drbd luks storage"))
                .placementCount())
        .isEqualTo(3);
    // Without layerList the driver writes LINSTOR's own default stack (DRBD on STORAGE) to the
    // resource group, so two replicas are two DRBD peers.
    assertThat(VolumeParameters.parse(Map.of("placementCount", "2")).layerList())
        .containsExactly(Layer.DRBD, Layer.STORAGE);
  }

  @Test
  void parse_withoutNetworkLayer_remoteAccessCannotWidenTheTopology() {
    VolumeParameters p =
        VolumeParameters.parse(Map.of("layerList", "storage", "allowRemoteVolumeAccess", "true"));
    assertThat(p.remoteAccess()).isEqualTo(RemoteAccessPolicy.LOCAL_ONLY);
  }

  @Test
  void parse_withNodeLists_switchesToManualAndDropsAutoplaceSettings() {
    VolumeParameters p =
        VolumeParameters.parse(
            Map.of(
                "nodeList", "a b",
                "placementCount", "3",
                "replicasOnSame", "zone",
                "doNotPlaceWithRegex", "x"));
    assertThat(p.placementPolicy()).isEqualTo(PlacementPolicy.MANUAL);
    assertThat(p.placementCount()).isZero();
    assertThat(p.replicasOnSame()).isEmpty();
    assertThat(p.doNotPlaceWithRegex()).isEmpty();
  }

  @Test
  void parse_manualPolicyWithoutNodes_isInvalidArgument() {
    assertThatThrownBy(() -> VolumeParameters.parse(Map.of("placementPolicy", "Manual")))
        .isInstanceOf(CsiError.class)
        .hasMessageContaining("nodeList");
  }

  @Test
  void parse_withCustomTopologyPrefix_prefixesReplicaProperties() {
    VolumeParameters p = VolumeParameters.parse(Map.of("replicasOnSame", "zone"), "Aux/topology");
    assertThat(p.replicasOnSame()).containsExactly("Aux/topology/zone");
  }

  @Test
  void mountOptionList_splitsOnCommas() {
    assertThat(VolumeParameters.parse(Map.of("mountOpts", "noatime,nodiratime")).mountOptionList())
        .containsExactly("noatime", "nodiratime");
    assertThat(VolumeParameters.parse(Map.of()).mountOptionList()).isEmpty();
  }
}
