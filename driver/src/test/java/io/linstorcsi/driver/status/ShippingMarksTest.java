package io.linstorcsi.driver.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.linstorcsi.driver.status.ShippingMarks.State;
import io.linstorcsi.linstor.model.Snapshot;
import io.linstorcsi.linstor.model.SnapshotNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShippingMarksTest {
  static Snapshot snapshot(List<String> flags, Map<String, String> dfnProps, String target) {
    SnapshotNode node =
        new SnapshotNode(
            "snap-1",
            "node-a",
            1L,
            List.of(),
            null,
            target == null ? Map.of() : Map.of("BackupShipping/BackupTargetRemote", target),
            Map.of(),
            List.of());
    return new Snapshot(
        "snap-1",
        "pvc-1",
        List.of("node-a"),
        Map.of(),
        dfnProps,
        Map.of(),
        flags,
        List.of(),
        null,
        List.of(node));
  }

  @Test
  void statusPerRemote_fromTheSnapshotDefinition() {
    Snapshot s =
        snapshot(
            List.of("SUCCESSFUL"),
            Map.of(
                "BackupShipping/Source/offsite/ShippingStatus", "Success",
                "BackupShipping/Source/dr/ShippingStatus", "Running",
                "BackupShipping/Source/old/ShippingStatus", "Failed"),
            null);

    assertThat(ShippingMarks.of(s))
        .containsEntry("offsite", State.COMPLETE)
        .containsEntry("dr", State.RUNNING)
        .containsEntry("old", State.FAILED)
        .hasSize(3);
  }

  @Test
  void olderLinstor_flagsAndTheTargetRemoteProperty() {
    assertThat(ShippingMarks.of(snapshot(List.of("SUCCESSFUL", "SHIPPING"), Map.of(), "dr")))
        .containsExactly(Map.entry("dr", State.RUNNING));
    assertThat(ShippingMarks.of(snapshot(List.of("SUCCESSFUL", "SHIPPED"), Map.of(), "dr")))
        .containsExactly(Map.entry("dr", State.COMPLETE));
    assertThat(ShippingMarks.of(snapshot(List.of("SHIPPING", "SHIPPING_ABORT"), Map.of(), "dr")))
        .containsExactly(Map.entry("dr", State.FAILED));
  }

  @Test
  void aPlainSnapshot_hasNoShipment() {
    assertThat(ShippingMarks.of(snapshot(List.of("SUCCESSFUL"), Map.of(), null))).isEmpty();
    assertThat(ShippingMarks.of(snapshot(List.of("SHIPPED"), Map.of(), null))).isEmpty();
  }
}
