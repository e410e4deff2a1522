package io.linstorcsi.controller.backups;

import static org.assertj.core.api.Assertions.assertThat;

import io.linstorcsi.linstor.model.Snapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReceivedSnapshotsTest {

  /** LINSTOR appends the sending cluster's short id, which the snapshot records. */
  @ParameterizedTest(name = "{0} with short id ''{1}'' came from {2}")
  @CsvSource({
    "snapshot-1_3rays693, 3rays693, snapshot-1",
    "snapshot-1, '', snapshot-1",
    "snap_shot_ab12, ab12, snap_shot",
    "other_name, ab12, other_name"
  })
  void sourceSnapshotOf_dropsTheShortIdSuffix(String name, String shortId, String source) {
    Snapshot received =
        new Snapshot(
            name,
            "pvc-1",
            List.of("node-a"),
            Map.of(),
            Map.of(ReceivedSnapshots.SHORT_ID, shortId, BackupDownload.TARGET_STATUS, "Success"),
            Map.of(),
            List.of("SUCCESSFUL"),
            List.of(),
            null,
            List.of());
    assertThat(ReceivedSnapshots.sourceSnapshotOf(received)).isEqualTo(source);
  }
}
