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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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
    return untilReady(source, shipRequest(remote, src).build()).getSnapshot().getSnapshotId();
  }

  /** A CreateSnapshot of {@code src} to the target through {@code remote}, plus {@code extra}. */
  private static CreateSnapshotRequest.Builder shipRequest(
      String remote, String src, String... extra) {
    CreateSnapshotRequest.Builder b =
        CreateSnapshotRequest.newBuilder()
            .setName("snapshot-" + System.nanoTime())
            .setSourceVolumeId(src)
            .putParameters(NS + "type", "Linstor")
            .putParameters(NS + "remote-name", remote)
            .putParameters(NS + "linstor-target-url", target.target.baseUrl().toString())
            .putParameters(NS + "linstor-target-cluster-id", clusterId(target))
            .putParameters(NS + "allow-incremental", "true");
    for (int i = 0; i < extra.length; i += 2) {
      b.putParameters(NS + extra[i], extra[i + 1]);
    }
    return b;
  }

  /**
   * Repeats CreateSnapshot as the snapshotter does, errors included (it retries those with
   * backoff), until the snapshot is ready; the errors seen on the way.
   */
  private static List<Status.Code> retriedUntilReady(CreateSnapshotRequest req)
      throws InterruptedException {
    List<Status.Code> errors = new java.util.ArrayList<>();
    java.util.Set<String> messages = new java.util.LinkedHashSet<>();
    long end = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < end) {
      try {
        if (source.stub().createSnapshot(req).getSnapshot().getReadyToUse()) {
          return errors;
        }
      } catch (StatusRuntimeException e) {
        errors.add(e.getStatus().getCode());
        messages.add(e.getStatus().getCode() + " " + e.getStatus().getDescription());
      }
      Thread.sleep(50);
    }
    throw new AssertionError("snapshot " + req.getName() + " not ready after 30 s: " + messages);
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

  @Test
  void createSnapshot_toAnUnreachableTarget_isUnavailableNamingTheRemote_andLeavesNoSnapshot() {
    String src = newName();
    source.create(src, GIB);
    CreateSnapshotRequest req =
        shipRequest("dr-nowhere", src)
            .putParameters(NS + "linstor-target-url", "http://127.0.0.1:9")
            .build();

    StatusRuntimeException refused =
        catchThrowableOfType(StatusRuntimeException.class, () -> source.stub().createSnapshot(req));
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(refused.getStatus().getDescription()).contains("remote dr-nowhere");
    assertThat(source.client.snapshots().list(src)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"shipment breaks off", "source controller restarts"})
  void createSnapshot_whoseShipmentDied_isStartedAgain_andTheTargetKeepsOneWholeCopy(String how)
      throws Exception {
    String src = newName();
    source.create(src, GIB);
    byte[] data = ("bytes of " + src).repeat(500).getBytes(StandardCharsets.US_ASCII);
    source.target.emulator().backups().write(src, 0, 8192, data);
    String sum = source.target.emulator().backups().sha256(src, 0);
    CreateSnapshotRequest req = shipRequest("dr-again", src).build();
    if (how.equals("shipment breaks off")) {
      source.target.emulator().backups().interruptNext(1);
    } else {
      source.target.emulator().backups().hangNext(1);
    }
    assertThat(source.stub().createSnapshot(req).getSnapshot().getReadyToUse()).isFalse();
    if (how.equals("source controller restarts")) {
      assertThat(source.target.emulator().backups().restartController()).isEqualTo(1);
    }

    assertThat(retriedUntilReady(req)).isNotEmpty();
    assertThat(inTarget(src)).hasSize(1);
    String restored = newName();
    String id = source.stub().createSnapshot(req).getSnapshot().getSnapshotId();
    target.stub().createVolume(restoreRequest(target, restored, GIB, id));
    assertThat(target.target.emulator().backups().sha256(restored, 0)).isEqualTo(sum);
  }

  /** The driver killed before any LINSTOR write of a shipment: the CO's retry finishes it. */
  @ParameterizedTest(name = "failing {0} {1}")
  @CsvSource({
    "POST, /v1/remotes/linstor",
    "POST, /v1/remotes/*/backups/ship",
    "PUT, /v1/resource-definitions/*",
    "DELETE, /v1/resource-definitions/*/snapshots/*"
  })
  void createSnapshot_failingAtAnyWrite_isFinishedByTheRetry(String method, String path)
      throws Exception {
    String src = newName();
    source.create(src, GIB);
    // a new remote each time, so its creation is one of the writes; delete-local adds the last
    // two: the shipped mark and the local snapshot's removal
    CreateSnapshotRequest req =
        shipRequest("dr-crash-" + System.nanoTime(), src, "delete-local", "true").build();
    source.target.emulator().faults().failNext(1, method, path);
    try {
      assertThat(retriedUntilReady(req)).isNotEmpty();
    } finally {
      source.target.emulator().faults().clearCallFaults();
    }
    assertThat(inTarget(src)).hasSize(1);
    assertThat(source.client.snapshots().list(src)).isEmpty();
    assertThat(source.stub().createSnapshot(req).getSnapshot().getReadyToUse()).isTrue();
  }

  @Test
  void createSnapshot_toLinstor_restCalls_firstAndRepeated() throws Exception {
    String earlier = newName();
    source.create(earlier, GIB);
    // the remote exists from an earlier snapshot of the class
    shipped("dr-budget", earlier);
    String src = newName();
    source.create(src, GIB);
    CreateSnapshotRequest req = shipRequest("dr-budget", src).build();
    List<String> first = measure("Linstor CreateSnapshot, first call", req);
    untilReady(source, req);
    List<String> repeat = measure("Linstor CreateSnapshot, repeated call after completion", req);
    assertThat(first)
        .hasSize(5)
        .containsOnlyOnce("POST /v1/remotes/dr-budget/backups/ship")
        .noneMatch(c -> c.startsWith("PUT "));
    assertThat(repeat).hasSize(2).noneMatch(c -> c.startsWith("POST") || c.startsWith("PUT"));
  }

  private static List<String> measure(String what, CreateSnapshotRequest req) {
    source.calls.clear();
    EmulatorProbe.resetRequests(source.target.emulator());
    java.time.Instant since = java.time.Instant.now();
    source.stub().createSnapshot(req);
    List<String> made = EmulatorProbe.requestsSince(source.target.emulator(), since);
    System.out.printf("REST calls of %s: %d %s%n", what, made.size(), made);
    assertThat(made).as("client-side view of %s", what).hasSameSizeAs(source.calls);
    return made;
  }
}
