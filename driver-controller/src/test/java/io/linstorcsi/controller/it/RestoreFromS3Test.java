package io.linstorcsi.controller.it;

import static io.linstorcsi.controller.it.BackupFixtures.BUCKET;
import static io.linstorcsi.controller.it.BackupFixtures.restoreRequest;
import static io.linstorcsi.controller.it.BackupFixtures.s3Snapshot;
import static io.linstorcsi.controller.it.BackupFixtures.untilReady;
import static io.linstorcsi.controller.it.ControllerHarness.GIB;
import static io.linstorcsi.controller.it.ControllerHarness.MIB;
import static io.linstorcsi.controller.it.ControllerHarness.newName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import csi.v1.CreateSnapshotRequest;
import csi.v1.CreateSnapshotResponse;
import csi.v1.DeleteSnapshotRequest;
import csi.v1.ListSnapshotsRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.linstorcsi.controller.ids.SnapshotId;
import io.linstorcsi.emulator.LinstorEmulator;
import io.linstorcsi.emulator.state.SyncPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shipment progress as the snapshotter sees it, and restores from S3: in the cluster that took the
 * backup after volume and local snapshot are gone, and in a second cluster that only knows the
 * remote. The restored volume holds the original's bytes.
 */
@FaultInjection
class RestoreFromS3Test {
  static ControllerHarness h;
  static ControllerHarness other;
  static S3Server s3;
  @TempDir static Path s3Dir;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3Server.start(s3Dir, BUCKET);
    h = BackupFixtures.shippingCluster();
    other = BackupFixtures.shippingCluster();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
    other.close();
    s3.close();
  }

  @AfterEach
  void instantShipping() {
    h.target.emulator().backups().pace(SyncPolicy.INSTANT);
  }

  private static String remote() {
    return "s3-" + System.nanoTime();
  }

  /** A volume with recognisable bytes at its start and end; returns its checksum. */
  private static String volumeWithData(ControllerHarness c, String name) {
    c.create(name, GIB);
    byte[] head = ("head of " + name).repeat(100).getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ("tail of " + name).repeat(100).getBytes(StandardCharsets.US_ASCII);
    c.target.emulator().backups().write(name, 0, 0, head);
    c.target.emulator().backups().write(name, 0, GIB - tail.length, tail);
    return c.target.emulator().backups().sha256(name, 0);
  }

  @Test
  void createSnapshot_isNotReadyWhileShipping_andRepeatedCallsStartNothing() throws Exception {
    String src = newName();
    volumeWithData(h, src);
    String remote = remote();
    h.target.emulator().backups().pace(SyncPolicy.MANUAL);
    CreateSnapshotRequest req =
        s3Snapshot(s3, remote, src, "snapshot-" + System.nanoTime()).build();
    for (int i = 0; i < 3; i++) {
      CreateSnapshotResponse r = h.stub().createSnapshot(req);
      assertThat(r.getSnapshot().getReadyToUse()).as("call %d", i).isFalse();
    }
    assertThat(h.target.emulator().backups().running()).hasSize(1);
    h.target.emulator().backups().advance(512 * 1024);
    assertThat(h.stub().createSnapshot(req).getSnapshot().getReadyToUse()).isFalse();
    h.target.emulator().backups().release();
    assertThat(untilReady(h, req).getSnapshot().getReadyToUse()).isTrue();
    assertThat(h.client.backups().list(remote, src, null).linstor()).hasSize(1);
  }

  @Test
  void shipmentInterruptedByALinstorRestart_failsThatCall_andTheNextCallShipsAgain()
      throws Exception {
    String src = newName();
    volumeWithData(h, src);
    String remote = remote();
    h.target.emulator().backups().pace(SyncPolicy.MANUAL);
    CreateSnapshotRequest req =
        s3Snapshot(s3, remote, src, "snapshot-" + System.nanoTime()).build();
    assertThat(h.stub().createSnapshot(req).getSnapshot().getReadyToUse()).isFalse();
    assertThat(h.target.emulator().backups().interruptRunning()).isEqualTo(1);
    StatusRuntimeException e =
        catchThrowableOfType(StatusRuntimeException.class, () -> h.stub().createSnapshot(req));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e.getStatus().getDescription()).contains("remote " + remote).contains("again");
    h.target.emulator().backups().pace(SyncPolicy.INSTANT);
    assertThat(untilReady(h, req).getSnapshot().getReadyToUse()).isTrue();
    assertThat(h.client.backups().list(remote, src, null).linstor().values())
        .singleElement()
        .satisfies(b -> assertThat(b.succeeded()).isTrue());
  }

  @Test
  void deleteSnapshot_whileShipping_abortsTheShipment_andLeavesNothing() throws Exception {
    String src = newName();
    volumeWithData(h, src);
    String remote = remote();
    h.target.emulator().backups().pace(SyncPolicy.MANUAL);
    CreateSnapshotRequest req =
        s3Snapshot(s3, remote, src, "snapshot-" + System.nanoTime()).build();
    String id = h.stub().createSnapshot(req).getSnapshot().getSnapshotId();
    assertThat(h.target.emulator().backups().running()).hasSize(1);
    h.stub().deleteSnapshot(DeleteSnapshotRequest.newBuilder().setSnapshotId(id).build());
    assertThat(h.target.emulator().backups().running()).isEmpty();
    assertThat(h.client.snapshots().list(src)).isEmpty();
    assertThat(h.client.backups().list(remote, src, null).linstor()).isEmpty();
  }

  @Test
  void driverRestartedMidShipment_followsTheRunningShipment_insteadOfStartingAnother()
      throws Exception {
    String src = newName();
    volumeWithData(h, src);
    String remote = remote();
    h.target.emulator().backups().pace(SyncPolicy.MANUAL);
    CreateSnapshotRequest req =
        s3Snapshot(s3, remote, src, "snapshot-" + System.nanoTime()).build();
    assertThat(h.stub().createSnapshot(req).getSnapshot().getReadyToUse()).isFalse();
    try (ControllerHarness restarted = ControllerHarness.startAgainst(h.target.baseUrl())) {
      assertThat(restarted.stub().createSnapshot(req).getSnapshot().getReadyToUse()).isFalse();
      assertThat(h.target.emulator().backups().running()).hasSize(1);
      h.target.emulator().backups().release();
      assertThat(untilReady(restarted, req).getSnapshot().getReadyToUse()).isTrue();
    }
    assertThat(h.client.backups().list(remote, src, null).linstor()).hasSize(1);
  }

  @Test
  void restore_afterVolumeAndLocalSnapshotAreGone_holdsTheOriginalsBytes() throws Exception {
    String src = newName();
    String sum = volumeWithData(h, src);
    String remote = remote();
    String id =
        untilReady(h, s3Snapshot(s3, remote, src, "snapshot-" + System.nanoTime()).build())
            .getSnapshot()
            .getSnapshotId();
    h.delete(src);
    h.client.snapshots().list(src).forEach(s -> h.client.snapshots().delete(src, s.name()));
    assertThat(h.client.snapshots().list(src)).isEmpty();

    String restored = newName();
    assertThat(
            h.stub()
                .createVolume(restoreRequest(h, restored, GIB, id))
                .getVolume()
                .getCapacityBytes())
        .isEqualTo(GIB);
    assertThat(h.target.emulator().backups().sha256(restored, 0)).isEqualTo(sum);
    assertThat(h.client.resourceDefinitions().get(restored).props())
        .containsKey("Aux/csi-provisioning-completed-by");

    // the definition the download made to hold the snapshot goes with it, the restored volume stays
    h.stub().deleteSnapshot(DeleteSnapshotRequest.newBuilder().setSnapshotId(id).build());
    assertThat(h.client.resourceDefinitions().list().stream().map(d -> d.name()))
        .doesNotContain(src)
        .contains(restored);
  }

  @Test
  void restore_inAClusterThatNeverSawTheOriginal_needsOnlyTheRemote() throws Exception {
    String src = newName();
    String sum = volumeWithData(h, src);
    String remote = remote();
    String id =
        untilReady(h, s3Snapshot(s3, remote, src, "snapshot-" + System.nanoTime()).build())
            .getSnapshot()
            .getSnapshotId();

    String restored = newName();
    StatusRuntimeException noRemote =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> other.stub().createVolume(restoreRequest(other, restored, GIB, id)));
    assertThat(noRemote.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(noRemote.getStatus().getDescription())
        .contains("remote " + remote)
        .contains("linstor remote create");

    BackupFixtures.addRemote(other, s3, remote);
    // a statically provisioned VolumeSnapshotContent: the snapshotter asks for its state by id
    assertThat(
            other
                .stub()
                .listSnapshots(ListSnapshotsRequest.newBuilder().setSnapshotId(id).build())
                .getEntriesList())
        .singleElement()
        .satisfies(e -> assertThat(e.getSnapshot().getReadyToUse()).isTrue());
    other.stub().createVolume(restoreRequest(other, restored, GIB, id));
    assertThat(other.target.emulator().backups().sha256(restored, 0)).isEqualTo(sum);
    // deleting the snapshot in the second cluster removes the backup from the bucket
    other.stub().deleteSnapshot(DeleteSnapshotRequest.newBuilder().setSnapshotId(id).build());
    assertThat(h.client.backups().list(remote, src, null).linstor()).isEmpty();
    assertThat(other.client.resourceDefinitions().list().stream().map(d -> d.name()))
        .as("the download's definition goes with its snapshot")
        .doesNotContain(src)
        .contains(restored);
  }

  @Test
  void restore_downloadsOnThePreferredNode_intoTheClassesPool_renamingTheBackupsPool()
      throws Exception {
    String src = newName();
    String sum = volumeWithData(h, src);
    String remote = remote();
    String id =
        untilReady(h, s3Snapshot(s3, remote, src, "snapshot-" + System.nanoTime()).build())
            .getSnapshot()
            .getSnapshotId();
    LinstorEmulator emu =
        LinstorEmulator.builder()
            .nodes("node-a", "node-b", "node-c")
            .storagePool("fast", "LVM_THIN", 20L << 20)
            .port(0)
            .build()
            .start();
    try (ControllerHarness renamed = ControllerHarness.start(LinstorTarget.emulated(emu))) {
      BackupFixtures.addRemote(renamed, s3, remote);
      String restored = newName();
      var params = renamed.params("linstor.csi.linbit.com/storagePool", "fast");
      renamed
          .stub()
          .createVolume(
              renamed
                  .createRequest(restored, GIB, params)
                  .setVolumeContentSource(
                      restoreRequest(renamed, restored, GIB, id).getVolumeContentSource())
                  .setAccessibilityRequirements(
                      csi.v1.TopologyRequirement.newBuilder()
                          .addPreferred(
                              csi.v1.Topology.newBuilder()
                                  .putSegments("linbit.com/hostname", "node-c")))
                  .build());
      assertThat(emu.backups().sha256(restored, 0)).isEqualTo(sum);
      SnapshotId parsed = SnapshotId.parse(id);
      assertThat(renamed.client.snapshots().get(parsed.sourceName(), parsed.snapshotName()).nodes())
          .containsExactly("node-c");
      assertThat(renamed.client.resources().list(restored))
          .allSatisfy(r -> assertThat(r.props()).containsEntry("StorPoolName", "fast"));
    }
  }

  @Test
  void restore_intoAClaimWithASmallerLimit_isOutOfRange() throws Exception {
    String src = newName();
    volumeWithData(h, src);
    String remote = remote();
    String id =
        untilReady(
                h,
                s3Snapshot(s3, remote, src, "snapshot-" + System.nanoTime(), "delete-local", "true")
                    .build())
            .getSnapshot()
            .getSnapshotId();
    String restored = newName();
    List<String> groupsBefore = groupNames();
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                h.stub()
                    .createVolume(
                        // a class of its own: its resource group is made by this call
                        h.createRequest(
                                restored,
                                512 * MIB,
                                h.params(
                                    "property.linstor.csi.linbit.com/Aux/restore-class", restored))
                            .setCapacityRange(
                                csi.v1.CapacityRange.newBuilder()
                                    .setRequiredBytes(512 * MIB)
                                    .setLimitBytes(512 * MIB))
                            .setVolumeContentSource(
                                restoreRequest(h, restored, GIB, id).getVolumeContentSource())
                            .build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
    assertThat(
            Arrays.asList(
                h.client.resourceDefinitions().list().stream().map(d -> d.name()).toArray()))
        .doesNotContain(restored);
    assertThat(groupNames())
        .as("no resource group left by the refused call")
        .isEqualTo(groupsBefore);
  }

  private static List<String> groupNames() {
    return h.client.resourceGroups().list().stream().map(g -> g.name()).sorted().toList();
  }
}
