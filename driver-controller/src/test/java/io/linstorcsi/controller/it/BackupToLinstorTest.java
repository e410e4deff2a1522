package io.linstorcsi.controller.it;

import static io.linstorcsi.controller.it.BackupFixtures.NS;
import static io.linstorcsi.controller.it.BackupFixtures.restoreRequest;
import static io.linstorcsi.controller.it.BackupFixtures.untilReady;
import static io.linstorcsi.controller.it.ControllerHarness.GIB;
import static io.linstorcsi.controller.it.ControllerHarness.newName;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.CreateSnapshotRequest;
import csi.v1.CreateSnapshotResponse;
import csi.v1.DeleteSnapshotRequest;
import io.linstorcsi.linstor.model.LinstorRemote;
import java.nio.charset.StandardCharsets;
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
}
