package io.linstorcsi.controller.it;

import static io.linstorcsi.controller.it.BackupFixtures.BUCKET;
import static io.linstorcsi.controller.it.BackupFixtures.s3Snapshot;
import static io.linstorcsi.controller.it.BackupFixtures.untilReady;
import static io.linstorcsi.controller.it.ControllerHarness.GIB;
import static io.linstorcsi.controller.it.ControllerHarness.newName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import csi.v1.CreateSnapshotRequest;
import csi.v1.CreateSnapshotResponse;
import csi.v1.DeleteSnapshotRequest;
import csi.v1.ListSnapshotsRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.linstorcsi.linstor.model.Backup;
import io.linstorcsi.linstor.model.S3Remote;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * CreateSnapshot and DeleteSnapshot with an S3 VolumeSnapshotClass, against the emulator shipping
 * to a real S3 server: the remote is made from the class, the shipment runs once and is reported
 * until complete, incremental chains are never broken, and secrets stay out of logs and errors.
 */
@FaultInjection
class BackupToS3Test {
  static ControllerHarness h;
  static S3Server s3;
  @TempDir static Path s3Dir;
  static final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeAll
  static void start() throws Exception {
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    // the suite logs WARN and above; shipment progress is INFO, and every driver line is checked
    // for secrets, so the driver's loggers speak at DEBUG here
    ((Logger) LoggerFactory.getLogger("io.linstorcsi"))
        .setLevel(ch.qos.logback.classic.Level.DEBUG);
    s3 = S3Server.start(s3Dir, BUCKET, BUCKET + "-2");
    h = BackupFixtures.shippingCluster();
  }

  @AfterAll
  static void stop() throws Exception {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    ((Logger) LoggerFactory.getLogger("io.linstorcsi")).setLevel(ch.qos.logback.classic.Level.WARN);
    h.close();
    s3.close();
  }

  private static String remote() {
    return "s3-" + System.nanoTime();
  }

  private static Collection<Backup> backups(String remote, String rd) {
    return h.client.backups().list(remote, rd, null).linstor().values();
  }

  @Test
  void createSnapshot_toS3_shipsOnce_andIsReadyOnceLinstorReportsItComplete() throws Exception {
    String src = newName();
    h.create(src, GIB);
    String remote = remote();
    CreateSnapshotRequest req =
        s3Snapshot(s3, remote, src, "snapshot-" + System.nanoTime()).build();
    CreateSnapshotResponse first = h.stub().createSnapshot(req);
    String id = first.getSnapshot().getSnapshotId();
    assertThat(id).startsWith("S3://" + remote + "/" + src + "/snapshot-");
    assertThat(first.getSnapshot().getSourceVolumeId()).isEqualTo(src);
    CreateSnapshotResponse ready = untilReady(h, req);
    assertThat(ready.getSnapshot().getSnapshotId()).isEqualTo(id);
    assertThat(ready.getSnapshot().getSizeBytes()).isEqualTo(GIB);
    assertThat(backups(remote, src)).hasSize(1).allMatch(Backup::succeeded);
    assertThat(s3.keys(BUCKET)).anyMatch(k -> k.startsWith(src));
    // the snapshotter may ask again: same answer, no second shipment
    assertThat(h.stub().createSnapshot(req).getSnapshot().getReadyToUse()).isTrue();
    assertThat(backups(remote, src)).hasSize(1);
    assertThat(logs.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(m -> m.startsWith("backup " + id + " started: full shipment"))
        .anyMatch(m -> m.startsWith("backup " + id + " complete on remote " + remote))
        .noneMatch(m -> m.contains(S3Server.SECRET_KEY) || m.contains(S3Server.ACCESS_KEY));
    assertThat(
            h.stub()
                .listSnapshots(ListSnapshotsRequest.newBuilder().setSnapshotId(id).build())
                .getEntriesList())
        .singleElement()
        .satisfies(e -> assertThat(e.getSnapshot().getReadyToUse()).isTrue());
  }

  @Test
  void createSnapshot_makesTheRemoteFromTheClass_andUpdatesItWhenTheClassChanges()
      throws Exception {
    String src = newName();
    h.create(src, GIB);
    String remote = remote();
    untilReady(h, s3Snapshot(s3, remote, src, "snapshot-" + System.nanoTime()).build());
    S3Remote made = s3Remote(remote);
    assertThat(made.endpoint()).isEqualTo(s3.endpoint());
    assertThat(made.bucket()).isEqualTo(BUCKET);

    untilReady(
        h,
        s3Snapshot(s3, remote, src, "snapshot-" + System.nanoTime(), "s3-bucket", BUCKET + "-2")
            .build());
    assertThat(s3Remote(remote).bucket()).isEqualTo(BUCKET + "-2");
    assertThat(s3.keys(BUCKET + "-2")).anyMatch(k -> k.startsWith(src));
  }

  private static S3Remote s3Remote(String name) {
    return h.client.remotes().listS3().stream()
        .filter(r -> name.equals(r.remoteName()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void createSnapshot_toS3_restCalls_firstAndRepeated() throws Exception {
    String src = newName();
    h.create(src, GIB);
    String remote = remote();
    // the remote exists from an earlier class; a first snapshot of a volume
    untilReady(h, s3Snapshot(s3, remote, newSource(), "snapshot-" + System.nanoTime()).build());
    CreateSnapshotRequest req =
        s3Snapshot(s3, remote, src, "snapshot-" + System.nanoTime()).build();
    List<String> first = measure("S3 CreateSnapshot, first call", req);
    untilReady(h, req);
    List<String> repeat = measure("S3 CreateSnapshot, repeated call after completion", req);
    assertThat(first)
        .hasSize(5)
        .anyMatch(c -> c.startsWith("POST /v1/remotes/" + remote + "/backups"));
    assertThat(repeat).hasSize(3).noneMatch(c -> c.startsWith("POST"));
  }

  private static String newSource() {
    String src = newName();
    h.create(src, GIB);
    return src;
  }

  private static List<String> measure(String what, CreateSnapshotRequest req) {
    h.calls.clear();
    EmulatorProbe.resetRequests(h.target.emulator());
    Instant since = Instant.now();
    h.stub().createSnapshot(req);
    List<String> made = EmulatorProbe.requestsSince(h.target.emulator(), since);
    System.out.printf("REST calls of %s: %d %s%n", what, made.size(), made);
    assertThat(made).as("client-side view of %s", what).hasSameSizeAs(h.calls);
    return made;
  }

  @Test
  void deleteSnapshot_ofTheBaseOfAnIncrement_isFailedPreconditionNamingIt_thenDeletesInOrder()
      throws Exception {
    String src = newName();
    h.create(src, GIB);
    String remote = remote();
    String base =
        untilReady(
                h,
                s3Snapshot(
                        s3,
                        remote,
                        src,
                        "snapshot-" + System.nanoTime(),
                        "allow-incremental",
                        "true")
                    .build())
            .getSnapshot()
            .getSnapshotId();
    String increment =
        untilReady(
                h,
                s3Snapshot(
                        s3,
                        remote,
                        src,
                        "snapshot-" + System.nanoTime(),
                        "allow-incremental",
                        "true")
                    .build())
            .getSnapshot()
            .getSnapshotId();
    assertThat(backups(remote, src)).anyMatch(b -> b.baseId() != null);

    StatusRuntimeException refused =
        catchThrowableOfType(StatusRuntimeException.class, () -> deleteSnapshot(base));
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(refused.getStatus().getDescription()).contains(increment).contains("first");
    assertThat(backups(remote, src)).hasSize(2);

    deleteSnapshot(increment);
    deleteSnapshot(base);
    assertThat(backups(remote, src)).isEmpty();
    assertThat(h.client.snapshots().list(src)).isEmpty();
    deleteSnapshot(base); // CSI spec: gone already is success
  }

  @Test
  void maxIncrements_startsANewChainAfterThatManyIncrements() throws Exception {
    String src = newName();
    h.create(src, GIB);
    String remote = remote();
    List<String> snaps = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String name = "snapshot-" + System.nanoTime();
      untilReady(
          h,
          s3Snapshot(s3, remote, src, name, "allow-incremental", "true", "max-increments", "1")
              .build());
      snaps.add(name);
    }
    List<Backup> all = new ArrayList<>(backups(remote, src));
    assertThat(byName(all, snaps.get(0)).baseId()).isNull();
    assertThat(byName(all, snaps.get(1)).baseId()).isEqualTo(byName(all, snaps.get(0)).id());
    assertThat(byName(all, snaps.get(2)).baseId()).as("full after one increment").isNull();
  }

  private static Backup byName(List<Backup> all, String snapshot) {
    return all.stream().filter(b -> snapshot.equals(b.originSnap())).findFirst().orElseThrow();
  }

  @Test
  void deleteLocal_removesTheLocalSnapshotOnceShipped_andTheSnapshotStaysReady() throws Exception {
    String src = newName();
    h.create(src, GIB);
    String remote = remote();
    CreateSnapshotRequest req =
        s3Snapshot(s3, remote, src, "snapshot-" + System.nanoTime(), "delete-local", "true")
            .build();
    untilReady(h, req);
    assertThat(h.client.snapshots().list(src)).isEmpty();
    CreateSnapshotResponse again = h.stub().createSnapshot(req);
    assertThat(again.getSnapshot().getReadyToUse()).isTrue();
    assertThat(backups(remote, src)).hasSize(1);
  }

  @Test
  void newRemoteThatLinstorCannotReach_isFailedPreconditionNamingIt_andCreatesNothing() {
    String src = newName();
    h.create(src, GIB);
    String remote = remote();
    CreateSnapshotRequest req =
        s3Snapshot(
                s3,
                remote,
                src,
                "snapshot-" + System.nanoTime(),
                "s3-endpoint",
                "http://127.0.0.1:1")
            .build();
    StatusRuntimeException e =
        catchThrowableOfType(StatusRuntimeException.class, () -> h.stub().createSnapshot(req));
    // linstor-server refuses a remote whose bucket it cannot list, with the same answer for a
    // wrong endpoint and wrong keys: the class is what needs fixing
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(e.getStatus().getDescription()).contains(remote).contains("s3-endpoint");
    assertThat(h.client.remotes().list().contains(remote)).isFalse();
    assertThat(h.client.snapshots().list(src)).isEmpty();
  }

  @Test
  void s3UnreachableDuringAShipment_isUnavailableNamingTheRemote_andTheNextCallStartsAgain()
      throws Exception {
    String src = newName();
    h.create(src, GIB);
    String remote = remote();
    untilReady(h, s3Snapshot(s3, remote, src, "snapshot-" + System.nanoTime()).build());
    CreateSnapshotRequest req =
        s3Snapshot(s3, remote, src, "snapshot-" + System.nanoTime()).build();
    h.target.emulator().backups().s3Unreachable(true);
    StatusRuntimeException e;
    try {
      e = failureOf(req);
    } finally {
      h.target.emulator().backups().s3Unreachable(false);
    }
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e.getStatus().getDescription()).contains("remote " + remote);
    // nothing half-made: the failed shipment's snapshot is gone
    assertThat(h.client.snapshots().list(src)).noneMatch(s -> req.getName().equals(s.name()));
    assertThat(untilReady(h, req).getSnapshot().getReadyToUse()).isTrue();
    assertThat(backups(remote, src)).hasSize(2).allMatch(Backup::succeeded);
  }

  @Test
  void refusedCredentials_areFailedPreconditionNamingTheRemote_andNeverShowTheSecret()
      throws Exception {
    String src = newName();
    h.create(src, GIB);
    String remote = remote();
    String wrongSecret = "wrong-secret-do-not-print-42";
    CreateSnapshotRequest req =
        s3Snapshot(s3, remote, src, "snapshot-" + System.nanoTime())
            .putSecrets("secret-key", wrongSecret)
            .build();
    StatusRuntimeException e = failureOf(req);
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(e.getStatus().getDescription()).contains(remote).doesNotContain(wrongSecret);
    assertThat(h.client.snapshots().list(src)).isEmpty();
    assertThat(logs.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(m -> m.contains(remote))
        .noneMatch(m -> m.contains(wrongSecret) || m.contains(S3Server.SECRET_KEY));
  }

  @Test
  void credentialsRefusedAfterTheRemoteWasMade_isFailedPreconditionNamingTheRemote()
      throws Exception {
    String src = newName();
    h.create(src, GIB);
    String remote = remote();
    untilReady(h, s3Snapshot(s3, remote, src, "snapshot-" + System.nanoTime()).build());
    CreateSnapshotRequest req =
        s3Snapshot(s3, remote, src, "snapshot-" + System.nanoTime()).build();
    // the keys were rotated at the S3 service: LINSTOR's remote still holds the old pair
    h.target.emulator().backups().s3CredentialsRefused(true);
    StatusRuntimeException e;
    try {
      e = failureOf(req);
    } finally {
      h.target.emulator().backups().s3CredentialsRefused(false);
    }
    // the secret's pair was tried too (LINSTOR probes the bucket with it) and refused as well
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(e.getStatus().getDescription())
        .contains("remote " + remote)
        .contains("access-key and secret-key in its snapshotter secret");
    assertThat(h.client.snapshots().list(src)).noneMatch(s -> req.getName().equals(s.name()));
  }

  @Test
  void newShipment_afterTheKeysWereRotated_givesTheRemoteTheSecretsNewKeys(@TempDir Path dir)
      throws Exception {
    String src = newName();
    h.create(src, GIB);
    String remote = remote();
    String oldAccess = "old-access";
    String oldSecret = "old-secret-do-not-print-0123";
    int port;
    try (S3Server before = S3Server.start(dir, 0, oldAccess, oldSecret, BUCKET)) {
      port = before.port();
      untilReady(
          h,
          s3Snapshot(before, remote, src, "snapshot-" + System.nanoTime())
              .putSecrets("access-key", oldAccess)
              .putSecrets("secret-key", oldSecret)
              .build());
    }
    // the S3 service now takes only the new pair, which the class's secret holds
    // (its bucket is on the directory already)
    try (S3Server after = S3Server.start(dir, port, S3Server.ACCESS_KEY, S3Server.SECRET_KEY)) {
      CreateSnapshotRequest req =
          s3Snapshot(after, remote, src, "snapshot-" + System.nanoTime()).build();
      // LINSTOR never returns keys, so they cannot be compared: the refusal of the old pair makes
      // the driver hand the secret's pair to the remote and try once more (two calls more than a
      // first call's five), and only then
      assertThat(measure("S3 CreateSnapshot, first call after a key rotation", req))
          .hasSize(7)
          .containsOnlyOnce("PUT /v1/remotes/s3/" + remote)
          .anyMatch(c -> c.startsWith("POST /v1/remotes/" + remote + "/backups"));
      assertThat(untilReady(h, req).getSnapshot().getReadyToUse()).isTrue();
    }
    assertThat(logs.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .noneMatch(m -> m.contains(oldSecret) || m.contains(S3Server.SECRET_KEY));
  }

  /** Calls CreateSnapshot as the snapshotter does until it fails. */
  private static StatusRuntimeException failureOf(CreateSnapshotRequest req)
      throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      try {
        h.stub().createSnapshot(req);
      } catch (StatusRuntimeException e) {
        return e;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("CreateSnapshot never failed");
  }

  private static void deleteSnapshot(String id) {
    h.stub().deleteSnapshot(DeleteSnapshotRequest.newBuilder().setSnapshotId(id).build());
  }
}
