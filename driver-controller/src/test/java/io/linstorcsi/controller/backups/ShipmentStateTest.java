package io.linstorcsi.controller.backups;

import static org.assertj.core.api.Assertions.assertThat;

import io.linstorcsi.linstor.model.Backup;
import io.linstorcsi.linstor.model.Snapshot;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShipmentStateTest {

  private static Snapshot snapshot(String flags, String status) {
    return new Snapshot(
        "s1",
        "pvc-1",
        List.of("node-a"),
        null,
        status.isEmpty() ? Map.of() : Map.of("BackupShipping/Source/r/ShippingStatus", status),
        null,
        flags.isEmpty() ? List.of() : List.of(flags.split("\\+")),
        null,
        null,
        null);
  }

  private static Backup backup(String state) {
    return new Backup(
        "b1",
        null,
        1L,
        null,
        null,
        "pvc-1",
        "s1",
        "node-a",
        state.equals("failed") ? "S3 said AccessDenied" : null,
        List.of(),
        state.equals("success"),
        state.equals("shipping"),
        null,
        null,
        null);
  }

  @ParameterizedTest(name = "backup={0} flags={1} status={2} -> {3}")
  @CsvSource({
    "none, none, '', NONE",
    "none, SUCCESSFUL+BACKUP+SHIPPING, '', RUNNING",
    "none, SUCCESSFUL+BACKUP, Running, RUNNING",
    "shipping, SUCCESSFUL+BACKUP+SHIPPING, '', RUNNING",
    "success, SUCCESSFUL+BACKUP+SHIPPED, '', COMPLETE",
    "success, absent, '', COMPLETE",
    "failed, SUCCESSFUL+BACKUP, '', FAILED",
    "none, SUCCESSFUL, '', INTERRUPTED",
    "none, SUCCESSFUL+BACKUP+SHIPPING_ABORT, '', FAILED",
    "none, SUCCESSFUL+BACKUP, Failed, FAILED",
  })
  void s3State_followsTheRemoteEntryThenTheSnapshotsMarks(
      String backup, String flags, String status, ShipmentState expected) {
    List<Backup> backups = backup.equals("none") ? List.of() : List.of(backup(backup));
    Optional<Snapshot> local =
        flags.equals("absent") || flags.equals("none") && status.isEmpty() && backup.equals("none")
            ? Optional.empty()
            : Optional.of(snapshot(flags.equals("none") ? "" : flags, status));
    assertThat(ShipmentState.of("r", backups, local)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "flags={0} status={1} -> {2}")
  @CsvSource({
    "SUCCESSFUL+BACKUP+SHIPPED, '', COMPLETE",
    "SUCCESSFUL+BACKUP, Success, COMPLETE",
    "SUCCESSFUL+BACKUP+SHIPPING, '', RUNNING",
    "SUCCESSFUL+BACKUP, Shipping, RUNNING",
    "SUCCESSFUL+BACKUP, Aborted, FAILED",
    "SUCCESSFUL, '', NONE",
  })
  void linstorState_followsTheSnapshotsMarks(String flags, String status, ShipmentState expected) {
    assertThat(ShipmentState.fromMarks("r", snapshot(flags, status))).isEqualTo(expected);
  }
}
