package io.linstorcsi.controller.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.linstorcsi.common.CsiError;
import io.linstorcsi.controller.ids.SnapshotId.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotIdTest {

  @Test
  void inCluster_hasGoDriverUrlForm() {
    SnapshotId id = SnapshotId.inCluster(VolumeId.of("pvc-1"), "snapshot-2");
    assertThat(id.toString()).isEqualTo("InCluster:///pvc-1/snapshot-2");
    assertThat(SnapshotId.inCluster(new VolumeId("cg-1", 3), "s").toString())
        .isEqualTo("InCluster:///cg-1/3/s");
  }

  @Test
  void parse_readsAllGoDriverForms() {
    assertThat(SnapshotId.parse("InCluster:///pvc-1/snapshot-2"))
        .isEqualTo(new SnapshotId(Type.IN_CLUSTER, "", "pvc-1", 0, "snapshot-2"));
    // Go's URL parser lower-cases the scheme; ids read back from Go may be in either case.
    assertThat(SnapshotId.parse("incluster:///pvc-1/snapshot-2").type()).isEqualTo(Type.IN_CLUSTER);
    assertThat(SnapshotId.parse("S3://backups/pvc-1/snap"))
        .isEqualTo(new SnapshotId(Type.S3, "backups", "pvc-1", 0, "snap"));
    assertThat(SnapshotId.parse("Linstor://far/pvc-1/4/snap"))
        .isEqualTo(new SnapshotId(Type.LINSTOR, "far", "pvc-1", 4, "snap"));
  }

  @Test
  void parse_withoutScheme_isLegacyNameOnly() {
    SnapshotId legacy = SnapshotId.parse("snapshot-4f2c");
    assertThat(legacy.type()).isEqualTo(Type.UNKNOWN);
    assertThat(legacy.snapshotName()).isEqualTo("snapshot-4f2c");
    assertThat(legacy.toString()).isEqualTo("snapshot-4f2c");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Http:///a/b",
        "InCluster:/a/b",
        "InCluster:///a",
        "InCluster:///a/b/c/d",
        "InCluster:///a/x/b",
        "InCluster:////b"
      })
  void parse_withMalformedId_isInvalidArgument(String id) {
    assertThatThrownBy(() -> SnapshotId.parse(id))
        .isInstanceOfSatisfying(
            CsiError.class, e -> assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  @Test
  void roundTrip() {
    for (String s :
        new String[] {"InCluster:///pvc-1/s", "S3://r/pvc-1/s", "Linstor://r/pvc-1/2/s"}) {
      assertThat(SnapshotId.parse(s).toString()).isEqualTo(s);
    }
  }

  @Test
  void snapshotNameFor_keepsValidNames_andHashesOthers() {
    String csi = "snapshot-9b1e5ad2-4c3f-4a51-8a3c-0c2b3a8e2f10";
    assertThat(SnapshotId.snapshotNameFor(csi)).isEqualTo(csi);
    assertThat(SnapshotId.snapshotNameFor("my snap"))
        .startsWith("snapshot-")
        .isEqualTo(SnapshotId.snapshotNameFor("my snap"))
        .hasSize("snapshot-".length() + 36);
  }
}
