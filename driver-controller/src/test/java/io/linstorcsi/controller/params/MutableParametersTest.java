package io.linstorcsi.controller.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.linstorcsi.common.CsiError;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MutableParametersTest {

  @ParameterizedTest
  @CsvSource({
    "linstor.csi.linbit.com/placementCount, 3, 3",
    "linstor.csi.linbit.com/PLACEMENTCOUNT, 2, 2",
    "linstor.csi.linbit.com/autoPlace, 2, 2",
    "placementCount, 4, 4",
  })
  void replicaCount_isReadLikeInAStorageClass(String key, String value, int expected) {
    MutableParameters p = MutableParameters.parse(Map.of(key, value));
    assertThat(p.placementCount()).isEqualTo(OptionalInt.of(expected));
    assertThat(p.properties()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "property.linstor.csi.linbit.com/DrbdOptions/Net/max-buffers, DrbdOptions/Net/max-buffers",
    "property.linstor.csi.linbit.com/Aux/team, Aux/team",
    "DrbdOptions/Disk/disk-flushes, DrbdOptions/Disk/disk-flushes",
  })
  void properties_passThrough_withoutAReplicaCount(String key, String property) {
    MutableParameters p = MutableParameters.parse(Map.of(key, "v"));
    assertThat(p.properties()).containsExactly(Map.entry(property, "v"));
    assertThat(p.placementCount()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "linstor.csi.linbit.com/storagePool, cannot be changed",
    "linstor.csi.linbit.com/allowRemoteVolumeAccess, cannot be changed",
    "linstor.csi.linbit.com/layerList, cannot be changed",
    "linstor.csi.linbit.com/resourceGroup, cannot be changed",
    "linstor.csi.linbit.com/noSuchKey, is unknown",
    "csi.storage.k8s.io/fstype, cannot be changed",
  })
  void otherKeys_areInvalidArgumentNamingTheKey(String key, String why) {
    assertThatThrownBy(() -> MutableParameters.parse(Map.of(key, "x")))
        .isInstanceOfSatisfying(
            CsiError.class,
            e -> {
              assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getMessage()).contains("'" + key + "'").contains(why);
            });
  }

  @ParameterizedTest
  @CsvSource({"0", "-1", "two", "''"})
  void replicaCount_mustBeAPositiveInteger(String value) {
    assertThatThrownBy(
            () -> MutableParameters.parse(Map.of("linstor.csi.linbit.com/placementCount", value)))
        .isInstanceOfSatisfying(
            CsiError.class,
            e -> assertThat(e.getMessage()).contains("linstor.csi.linbit.com/placementCount"));
  }
}
