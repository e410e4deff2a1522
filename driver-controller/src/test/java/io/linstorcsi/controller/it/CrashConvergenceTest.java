package io.linstorcsi.controller.it;

import static io.linstorcsi.controller.it.ControllerHarness.GIB;
import static io.linstorcsi.controller.it.ControllerHarness.codeOf;
import static io.linstorcsi.controller.it.ControllerHarness.newName;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.CreateSnapshotRequest;
import csi.v1.CreateVolumeRequest;
import csi.v1.Topology;
import csi.v1.TopologyRequirement;
import csi.v1.VolumeContentSource;
import io.grpc.Status;
import io.linstorcsi.linstor.model.Resource;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A CreateVolume that dies at any LINSTOR write (the write fails as if the driver crashed there) is
 * finished by the CO's retry; a DeleteVolume cleans up whatever a failed create left.
 */
@FaultInjection
class CrashConvergenceTest {
  static ControllerHarness h;
  static S3Server s3;
  @TempDir static Path s3Dir;

  /** A cluster whose pool can ship snapshots, for the backup tests. */
  static ControllerHarness shipping;

  @BeforeAll
  static void start() throws Exception {
    h = ControllerHarness.start();
    h.create(newName(), GIB);
    s3 = S3Server.start(s3Dir, BackupFixtures.BUCKET);
    shipping = BackupFixtures.shippingCluster();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
    shipping.close();
    s3.close();
  }

  private static List<String> diskfulNodes(String rd) {
    return h.client.resources().list(rd).stream()
        .filter(r -> r.flags() == null || r.flags().isEmpty())
        .map(Resource::nodeName)
        .sorted()
        .toList();
  }

  /** Without a proposal, the placement query fails once: the driver then places step by step. */
  private static void failWithoutProposal(boolean proposal) {
    if (!proposal) {
      h.target.emulator().faults().failNext(1, "POST", "/v1/resource-groups/*/query-size-info");
    }
  }

  private static CreateVolumeRequest wffc(String name) {
    TopologyRequirement.Builder t = TopologyRequirement.newBuilder();
    for (String n : EmulatorProbe.NODES) {
      t.addRequisite(Topology.newBuilder().putSegments("linbit.com/hostname", n));
    }
    t.addPreferred(Topology.newBuilder().putSegments("linbit.com/hostname", "node-c"));
    return h.createRequest(name, GIB, h.params("linstor.csi.linbit.com/placementCount", "2"))
        .setAccessibilityRequirements(t)
        .build();
  }

  /**
   * With LINSTOR's placement proposal the writes are the spawn of both replicas and the completion
   * mark; without one (the query fails) the driver places step by step: a spawn pinning the
   * selected node, the fill-up autoplace, the mark.
   */
  @ParameterizedTest(name = "failing {0} {1}, proposal {2}")
  @CsvSource({
    "POST, /v1/resource-groups/*/spawn, true",
    "PUT, /v1/resource-definitions/*, true",
    "POST, /v1/resource-groups/*/spawn, false",
    "POST, /v1/resource-definitions/*/autoplace, false",
    "PUT, /v1/resource-definitions/*, false"
  })
  void createVolume_failingAtAnyWrite_isFinishedByTheRetry(
      String method, String path, boolean proposal) {
    String name = newName();
    failWithoutProposal(proposal);
    h.target.emulator().faults().failNext(1, method, path);
    assertThat(codeOf(() -> h.stub().createVolume(wffc(name)))).isNotEqualTo(Status.Code.OK);
    h.target.emulator().faults().clearCallFaults();
    assertThat(h.stub().createVolume(wffc(name)).getVolume().getCapacityBytes()).isEqualTo(GIB);
    assertThat(diskfulNodes(name)).contains("node-c").hasSize(2);
    assertThat(h.client.resourceDefinitions().get(name).props())
        .containsKey("Aux/csi-provisioning-completed-by");
  }

  @ParameterizedTest(name = "failing {0} {1}")
  @CsvSource({
    "POST, /v1/resource-definitions",
    "POST, /v1/resource-definitions/*/snapshot-restore-volume-definition/*",
    "POST, /v1/resource-definitions/*/snapshot-restore-resource/*",
    "PUT, /v1/resource-definitions/*/volume-definitions/*",
    "PUT, /v1/resource-definitions/*"
  })
  void restoreFromSnapshot_failingAtAnyWrite_isFinishedByTheRetry(String method, String path) {
    String src = newName();
    h.create(src, GIB);
    String snapId =
        h.stub()
            .createSnapshot(
                csi.v1.CreateSnapshotRequest.newBuilder()
                    .setName("snapshot-" + System.nanoTime())
                    .setSourceVolumeId(src)
                    .build())
            .getSnapshot()
            .getSnapshotId();
    String name = newName();
    CreateVolumeRequest req =
        h.createRequest(name, 2 * GIB, h.params())
            .setVolumeContentSource(
                VolumeContentSource.newBuilder()
                    .setSnapshot(
                        VolumeContentSource.SnapshotSource.newBuilder().setSnapshotId(snapId)))
            .build();
    h.target.emulator().faults().failNext(1, method, path);
    assertThat(codeOf(() -> h.stub().createVolume(req))).isNotEqualTo(Status.Code.OK);
    h.target.emulator().faults().clearCallFaults();
    assertThat(h.stub().createVolume(req).getVolume().getCapacityBytes()).isEqualTo(2 * GIB);
    assertThat(h.client.volumeDefinitions().get(name, 0).sizeKib()).isEqualTo(2 * GIB / 1024);
    assertThat(diskfulNodes(name)).hasSize(1);
  }

  @ParameterizedTest(name = "failing {0} {1}, proposal {2}")
  @CsvSource({
    "PUT, /v1/resource-definitions/*, true",
    "POST, /v1/resource-definitions/*/autoplace, false",
    "PUT, /v1/resource-definitions/*, false"
  })
  void deleteVolume_afterAFailedCreate_leavesNothing(String method, String path, boolean proposal) {
    String name = newName();
    failWithoutProposal(proposal);
    h.target.emulator().faults().failNext(1, method, path);
    assertThat(codeOf(() -> h.stub().createVolume(wffc(name)))).isNotEqualTo(Status.Code.OK);
    h.target.emulator().faults().clearCallFaults();
    h.delete(name);
    assertThat(h.client.resourceDefinitions().list().stream().map(d -> d.name()))
        .doesNotContain(name);
  }

  @ParameterizedTest(name = "failing {0} {1}")
  @CsvSource({
    "POST, /v1/remotes/s3",
    "POST, /v1/remotes/*/backups",
    "DELETE, /v1/resource-definitions/*/snapshots/*"
  })
  void createSnapshotToS3_failingAtAnyWrite_isFinishedByTheRetry(String method, String path)
      throws Exception {
    String src = newName();
    shipping.create(src, GIB);
    String remote = "crash-" + System.nanoTime();
    // delete-local adds the last write: the local snapshot goes once the backup is complete
    CreateSnapshotRequest req =
        BackupFixtures.s3Snapshot(
                s3, remote, src, "snapshot-" + System.nanoTime(), "delete-local", "true")
            .build();
    shipping.target.emulator().faults().failNext(1, method, path);
    assertThat(codeOf(() -> BackupFixtures.untilReady(shipping, req))).isNotEqualTo(Status.Code.OK);
    shipping.target.emulator().faults().clearCallFaults();
    assertThat(BackupFixtures.untilReady(shipping, req).getSnapshot().getReadyToUse()).isTrue();
    assertThat(shipping.client.backups().list(remote, src, null).linstor().values())
        .singleElement()
        .satisfies(b -> assertThat(b.succeeded()).isTrue());
    assertThat(shipping.client.snapshots().list(src)).isEmpty();
  }

  @ParameterizedTest(name = "failing {0} {1}")
  @CsvSource({
    "POST, /v1/remotes/*/backups/restore",
    "POST, /v1/resource-definitions",
    "POST, /v1/resource-definitions/*/snapshot-restore-volume-definition/*",
    "POST, /v1/resource-definitions/*/snapshot-restore-resource/*",
    "PUT, /v1/resource-definitions/*"
  })
  void restoreFromS3_failingAtAnyWrite_isFinishedByTheRetry(String method, String path)
      throws Exception {
    String src = newName();
    shipping.create(src, GIB);
    String remote = "crash-" + System.nanoTime();
    String id =
        BackupFixtures.untilReady(
                shipping,
                BackupFixtures.s3Snapshot(
                        s3, remote, src, "snapshot-" + System.nanoTime(), "delete-local", "true")
                    .build())
            .getSnapshot()
            .getSnapshotId();
    String name = newName();
    CreateVolumeRequest req = BackupFixtures.restoreRequest(shipping, name, GIB, id);
    shipping.target.emulator().faults().failNext(1, method, path);
    assertThat(codeOf(() -> shipping.stub().createVolume(req))).isNotEqualTo(Status.Code.OK);
    shipping.target.emulator().faults().clearCallFaults();
    assertThat(shipping.stub().createVolume(req).getVolume().getCapacityBytes()).isEqualTo(GIB);
    assertThat(shipping.client.resourceDefinitions().get(name).props())
        .containsKey("Aux/csi-provisioning-completed-by");
  }
}
