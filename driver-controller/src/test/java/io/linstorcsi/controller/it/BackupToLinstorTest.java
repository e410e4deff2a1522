package io.linstorcsi.controller.it;

import static io.linstorcsi.controller.it.BackupFixtures.NS;
import static io.linstorcsi.controller.it.BackupFixtures.restoreRequest;
import static io.linstorcsi.controller.it.BackupFixtures.untilReady;
import static io.linstorcsi.controller.it.ControllerHarness.GIB;
import static io.linstorcsi.controller.it.ControllerHarness.newName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import csi.v1.CreateSnapshotRequest;
import csi.v1.CreateSnapshotResponse;
import csi.v1.DeleteSnapshotRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.model.LinstorRemote;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A VolumeSnapshotClass of type Linstor ships snapshots to a second emulated cluster; the snapshot
 * id restores there into a volume with the original's bytes.
 */
@FaultInjection
class BackupToLinstorTest {
  static ControllerHarness source;
  static ControllerHarness target;

  @BeforeAll
  static void start() throws Exception {
    source = BackupFixtures.shippingCluster();
    target = BackupFixtures.shippingCluster();
    // the target accepts shipments only from clusters it has a LINSTOR remote for (operator step)
    target
        .client
        .remotes()
        .createLinstor(
            new LinstorRemote(
                "source", source.target.baseUrl().toString(), null, clusterId(source)));
  }

  @AfterAll
  static void stop() throws Exception {
    source.close();
    target.close();
  }

  private static String clusterId(ControllerHarness h) {
    return h.client.controller().properties().get("Cluster/LocalID");
  }

  @Test
  void createSnapshot_toLinstor_shipsOnce_andRestoresInTheTargetWithTheSameBytes()
      throws Exception {
    String src = newName();
    source.create(src, GIB);
    byte[] data = ("bytes of " + src).repeat(200).getBytes(StandardCharsets.US_ASCII);
    source.target.emulator().backups().write(src, 0, 8192, data);
    String sum = source.target.emulator().backups().sha256(src, 0);

    CreateSnapshotRequest req =
        CreateSnapshotRequest.newBuilder()
            .setName("snapshot-" + System.nanoTime())
            .setSourceVolumeId(src)
            .putParameters(NS + "type", "Linstor")
            .putParameters(NS + "remote-name", "dr")
            .putParameters(NS + "linstor-target-url", target.target.baseUrl().toString())
            .putParameters(NS + "linstor-target-cluster-id", clusterId(target))
            .putParameters(NS + "allow-incremental", "true")
            .build();
    CreateSnapshotResponse ready = untilReady(source, req);
    String id = ready.getSnapshot().getSnapshotId();
    assertThat(id).startsWith("Linstor://dr/" + src + "/snapshot-");
    source.calls.clear();
    assertThat(untilReady(source, req).getSnapshot().getSnapshotId()).isEqualTo(id);
    // a repeated call writes nothing: neither the remote (as LINSTOR normalised it) nor a shipment
    assertThat(source.calls).noneMatch(c -> c.startsWith("PUT ") || c.startsWith("POST "));
    assertThat(source.client.remotes().listLinstor()).anyMatch(r -> "dr".equals(r.remoteName()));

    String restored = newName();
    target.stub().createVolume(restoreRequest(target, restored, GIB, id));
    assertThat(target.target.emulator().backups().sha256(restored, 0)).isEqualTo(sum);

    // in the target, the definition LINSTOR made to receive the snapshot goes with it
    target.stub().deleteSnapshot(DeleteSnapshotRequest.newBuilder().setSnapshotId(id).build());
    assertThat(target.client.resourceDefinitions().list().stream().map(d -> d.name()))
        .doesNotContain(src)
        .contains(restored);
  }

  /** Ships {@code src} to the target through remote {@code remote}; the id once complete. */
  private static String shipped(String remote, String src) throws Exception {
    CreateSnapshotRequest req =
        CreateSnapshotRequest.newBuilder()
            .setName("snapshot-" + System.nanoTime())
            .setSourceVolumeId(src)
            .putParameters(NS + "type", "Linstor")
            .putParameters(NS + "remote-name", remote)
            .putParameters(NS + "linstor-target-url", target.target.baseUrl().toString())
            .putParameters(NS + "linstor-target-cluster-id", clusterId(target))
            .putParameters(NS + "allow-incremental", "true")
            .build();
    return untilReady(source, req).getSnapshot().getSnapshotId();
  }

  private static void deleteSnapshot(ControllerHarness h, String id) {
    h.stub().deleteSnapshot(DeleteSnapshotRequest.newBuilder().setSnapshotId(id).build());
  }

  /** The names of the snapshots the target cluster holds of {@code rd}. */
  private static List<String> inTarget(String rd) {
    try {
      return target.client.snapshots().list(rd).stream().map(s -> s.name()).toList();
    } catch (LinstorException.NotFound e) {
      return List.of();
    }
  }

  private static String snapshotName(String id) {
    return id.substring(id.lastIndexOf('/') + 1);
  }

  @Test
  void deleteSnapshot_inTheSource_removesTheCopyInTheTargetAndItsDefinition_idempotently()
      throws Exception {
    String src = newName();
    source.create(src, GIB);
    String id = shipped("dr-delete", src);
    assertThat(inTarget(src)).singleElement().asString().startsWith(snapshotName(id) + "_");

    deleteSnapshot(source, id);
    assertThat(inTarget(src)).isEmpty();
    assertThat(target.client.resourceDefinitions().list().stream().map(d -> d.name()))
        .doesNotContain(src);
    assertThat(source.client.snapshots().list(src)).isEmpty();
    // CSI spec, DeleteSnapshot: deleting what is gone already is success
    deleteSnapshot(source, id);
  }

  @Test
  void deleteSnapshot_withTheTargetUnreachable_isUnavailableNamingTheRemote_andDeletesNothing()
      throws Exception {
    String src = newName();
    source.create(src, GIB);
    String id = shipped("dr-down", src);
    String url = target.target.baseUrl().toString();
    source
        .client
        .remotes()
        .modifyLinstor("dr-down", new LinstorRemote("dr-down", "http://127.0.0.1:9", null, null));

    StatusRuntimeException refused =
        catchThrowableOfType(StatusRuntimeException.class, () -> deleteSnapshot(source, id));
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(refused.getStatus().getDescription()).contains("remote dr-down", "127.0.0.1:9");
    assertThat(source.client.snapshots().list(src)).hasSize(1);
    assertThat(inTarget(src)).hasSize(1);

    // back online, the retry finds the chain and finishes
    source.client.remotes().modifyLinstor("dr-down", new LinstorRemote("dr-down", url, null, null));
    deleteSnapshot(source, id);
    assertThat(inTarget(src)).isEmpty();
    assertThat(source.client.snapshots().list(src)).isEmpty();
  }

  @Test
  void deleteSnapshot_ofTheBaseOfAnIncrementalCopy_isFailedPreconditionNamingTheLaterOne()
      throws Exception {
    String src = newName();
    source.create(src, GIB);
    String base = shipped("dr-chain", src);
    source.target.emulator().backups().write(src, 0, 4096, "changed".getBytes());
    String increment = shipped("dr-chain", src);

    StatusRuntimeException refused =
        catchThrowableOfType(StatusRuntimeException.class, () -> deleteSnapshot(source, base));
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(refused.getStatus().getDescription()).contains(increment);
    assertThat(inTarget(src)).hasSize(2);
    assertThat(source.client.snapshots().list(src)).hasSize(2);

    deleteSnapshot(source, increment);
    deleteSnapshot(source, base);
    assertThat(inTarget(src)).isEmpty();
  }
}
