package io.linstorcsi.linstor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.linstorcsi.emulator.LinstorEmulator;
import io.linstorcsi.linstor.CallEvent;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.error.RetCode;
import io.linstorcsi.linstor.model.AutoPlaceRequest;
import io.linstorcsi.linstor.model.QuerySizeInfoRequest;
import io.linstorcsi.linstor.model.ResourceCreate;
import io.linstorcsi.linstor.model.ResourceDefinition;
import io.linstorcsi.linstor.model.ResourceDefinitionCreate;
import io.linstorcsi.linstor.model.ResourceGroup;
import io.linstorcsi.linstor.model.ResourceGroupSpawn;
import io.linstorcsi.linstor.model.SelectFilter;
import io.linstorcsi.linstor.model.Snapshot;
import io.linstorcsi.linstor.model.SnapshotRestore;
import io.linstorcsi.linstor.model.VolumeDefinition;
import io.linstorcsi.linstor.model.VolumeGroup;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every failure class the driver distinguishes, produced by the emulator over real HTTP: missing
 * objects, duplicates, objects in use, invalid requests, lack of space, and an unavailable
 * controller (injected 500s and hangs), with retries for reads only.
 */
class EmulatorErrorsTest {
  private static final long GIB = 1L << 20;
  private static LinstorEmulator emulator;
  private static LinstorClient client;

  @BeforeAll
  static void start() {
    emulator =
        LinstorEmulator.builder()
            .nodes("node-a", "node-b", "node-c")
            .storagePool("sp1", "FILE_THIN", 2 * GIB)
            .build()
            .start();
    client =
        LinstorClient.builder()
            .endpoints(List.of(emulator.baseUrl()))
            .retries(2)
            .backoff(Duration.ofMillis(5), Duration.ofMillis(10))
            .build();
    client
        .resourceGroups()
        .create(
            ResourceGroup.of(
                "csi-rg",
                null,
                null,
                SelectFilter.builder().placeCount(2).storagePool("sp1").build()));
    client.resourceGroups().createVolumeGroup("csi-rg", VolumeGroup.of(null, null));
    client.resourceGroups().spawn("csi-rg", ResourceGroupSpawn.of("pvc-1", List.of(65536L), false));
  }

  @AfterAll
  static void stop() {
    client.close();
    emulator.close();
  }

  @AfterEach
  void clearFaults() {
    emulator.faults().clearCallFaults();
    emulator.requests().reset();
  }

  private static <E extends LinstorException> E failure(Class<E> type, ThrowingCallable call) {
    E e = catchThrowableOfType(type, call);
    assertThat(e).as("expected %s", type.getSimpleName()).isNotNull();
    return e;
  }

  @Test
  void missingObjects_areNotFound_withLinstorsMessage() {
    List<ThrowingCallable> calls =
        List.of(
            () -> client.nodes().get("nosuch"),
            () -> client.nodes().setProps("nosuch", Map.of("Aux/x", "1"), null),
            () -> client.storagePools().list("nosuch"),
            () -> client.storagePools().get("node-a", "nosuchpool"),
            () -> client.resourceGroups().get("nosuch-rg"),
            () ->
                client
                    .resourceGroups()
                    .spawn("nosuch-rg", ResourceGroupSpawn.of("pvc-x", List.of(1024L), false)),
            () -> client.resourceGroups().querySizeInfo("nosuch-rg", QuerySizeInfoRequest.of(null)),
            () -> client.resourceDefinitions().get("nosuch-rd"),
            () ->
                client
                    .resourceDefinitions()
                    .create(ResourceDefinition.of("pvc-x", "nosuch-rg", null, null)),
            () -> client.resourceDefinitions().cloneStatus("pvc-1", "nosuch-clone"),
            () -> client.volumeDefinitions().get("pvc-1", 7),
            () ->
                client.volumeDefinitions().create("nosuch-rd", VolumeDefinition.of(0, 1024, null)),
            () -> client.resources().list("nosuch-rd"),
            () -> client.resources().get("pvc-1", "nosuch"),
            () -> client.resources().volumes("nosuch-rd", "node-a"),
            () -> client.resources().create("pvc-1", "nosuch", "sp1"),
            () -> client.resources().makeAvailable("pvc-1", "nosuch", false),
            () -> client.snapshots().get("pvc-1", "nosuch-snap"),
            () -> client.snapshots().create("nosuch-rd", "snap", null, null),
            () ->
                client
                    .snapshots()
                    .restoreResources("pvc-1", "nosuch-snap", SnapshotRestore.to("pvc-1", null)));
    for (ThrowingCallable call : calls) {
      LinstorException.NotFound e = failure(LinstorException.NotFound.class, call);
      assertThat(e.firstError()).isNotNull();
      assertThat(e.firstError().message()).isNotBlank();
      assertThat(e.httpStatus()).isIn(200, 404);
    }
  }

  @Test
  void duplicates_areAlreadyExists_althoughLinstorAnswers500() {
    List<ThrowingCallable> calls =
        List.of(
            () -> client.resourceGroups().create(ResourceGroup.of("csi-rg", null, null, null)),
            () -> client.resourceGroups().createVolumeGroup("csi-rg", VolumeGroup.of(0, null)),
            () ->
                client
                    .resourceGroups()
                    .spawn("csi-rg", ResourceGroupSpawn.of("pvc-1", List.of(1024L), false)),
            () ->
                client
                    .resourceDefinitions()
                    .create(ResourceDefinition.of("pvc-1", "csi-rg", null, null)),
            () -> client.volumeDefinitions().create("pvc-1", VolumeDefinition.of(0, 1024, null)));
    for (ThrowingCallable call : calls) {
      LinstorException.AlreadyExists e = failure(LinstorException.AlreadyExists.class, call);
      assertThat(e.httpStatus()).isEqualTo(500);
      assertThat(e.firstError().known().orElseThrow().name()).startsWith("FAIL_EXISTS_");
    }
    client.snapshots().create("pvc-1", "snap-dup", null, null);
    try {
      failure(
          LinstorException.AlreadyExists.class,
          () -> client.snapshots().create("pvc-1", "snap-dup", null, null));
      client
          .resourceDefinitions()
          .create(ResourceDefinition.of("pvc-populated", "csi-rg", null, null));
      client
          .snapshots()
          .restoreVolumeDefinition("pvc-1", "snap-dup", SnapshotRestore.to("pvc-populated", null));
      client
          .snapshots()
          .restoreResources("pvc-1", "snap-dup", SnapshotRestore.to("pvc-populated", null));
      // restoring into a definition that has resources already
      failure(
          LinstorException.AlreadyExists.class,
          () ->
              client
                  .snapshots()
                  .restoreResources(
                      "pvc-1", "snap-dup", SnapshotRestore.to("pvc-populated", null)));
    } finally {
      client.snapshots().delete("pvc-1", "snap-dup");
      client.resourceDefinitions().delete("pvc-populated");
    }
  }

  @Test
  void objectsWithDependentsOrInUse_areInUse() {
    // a group with definitions
    LinstorException.InUse group =
        failure(LinstorException.InUse.class, () -> client.resourceGroups().delete("csi-rg"));
    assertThat(group.httpStatus()).isEqualTo(500);

    // a definition with snapshots
    client
        .resourceGroups()
        .spawn("csi-rg", ResourceGroupSpawn.of("pvc-snapped", List.of(1024L), false));
    client.snapshots().create("pvc-snapped", "snap-1", null, null);
    failure(LinstorException.InUse.class, () -> client.resourceDefinitions().delete("pvc-snapped"));
    client.snapshots().delete("pvc-snapped", "snap-1");
    client.resourceDefinitions().delete("pvc-snapped");

    // a resource that a pod has open (DRBD Primary)
    client
        .resourceGroups()
        .spawn("csi-rg", ResourceGroupSpawn.of("pvc-open", List.of(1024L), false));
    String node =
        client.resources().list("pvc-open").stream()
            .filter(r -> !r.diskless())
            .findFirst()
            .orElseThrow()
            .nodeName();
    emulator.faults().inUse("pvc-open", node, true);
    assertThat(client.resources().get("pvc-open", node).state().inUse()).isTrue();
    LinstorException.InUse open =
        failure(LinstorException.InUse.class, () -> client.resources().delete("pvc-open", node));
    assertThat(open.firstError().is(RetCode.FAIL_IN_USE)).isTrue();
    emulator.faults().inUse("pvc-open", node, null);
    client.resourceDefinitions().delete("pvc-open");
  }

  @Test
  void refusedRequests_areInvalid() {
    List<ThrowingCallable> calls =
        List.of(
            () ->
                client
                    .resourceDefinitions()
                    .create(ResourceDefinition.of("1-bad name!", "csi-rg", null, null)),
            () ->
                client
                    .resourceDefinitions()
                    .create(
                        ResourceDefinitionCreate.of(ResourceDefinition.of(null, null, null, null))),
            () -> client.resourceDefinitions().modifyProps("pvc-1", Map.of("Bogus/Key", "1"), null),
            () -> client.nodes().setProps("node-a", Map.of("NoSuchNamespace/foo", "1"), null),
            () -> client.snapshots().create("pvc-1", Snapshot.request(null, null, null)),
            () -> client.snapshots().create("pvc-1", "9 bad", null, null),
            () ->
                client
                    .resourceGroups()
                    .spawn(
                        "csi-rg", ResourceGroupSpawn.of("pvc-two", List.of(1024L, 2048L), false)),
            // five replicas on three nodes
            () ->
                client
                    .resources()
                    .autoplace(
                        "pvc-1",
                        AutoPlaceRequest.of(
                            SelectFilter.builder().placeCount(5).storagePool("sp1").build(),
                            null)));
    for (ThrowingCallable call : calls) {
      LinstorException.Invalid e = failure(LinstorException.Invalid.class, call);
      assertThat(e.firstError()).isNotNull();
    }
  }

  @Test
  void snapshotsOnAPoolThatCannotTakeThem_areInvalid() {
    for (String node : List.of("node-a", "node-b", "node-c")) {
      emulator.faults().snapshotsFail(node, "sp1", true);
    }
    try {
      LinstorException.Invalid e =
          failure(
              LinstorException.Invalid.class,
              () -> client.snapshots().create("pvc-1", "snap-x", null, null));
      assertThat(e.firstError().is(RetCode.FAIL_SNAPSHOTS_NOT_SUPPORTED)).isTrue();
    } finally {
      for (String node : List.of("node-a", "node-b", "node-c")) {
        emulator.faults().snapshotsFail(node, "sp1", false);
      }
    }
  }

  @Test
  void beyondTheThinLimit_isInsufficientSpace_whereverLinstorNoticesIt() {
    client.resourceDefinitions().create(ResourceDefinition.of("pvc-big", "csi-rg", null, null));
    client.volumeDefinitions().create("pvc-big", VolumeDefinition.of(0, 100 * GIB, null));
    try {
      LinstorException.InsufficientSpace placed =
          failure(
              LinstorException.InsufficientSpace.class,
              () ->
                  client
                      .resources()
                      .autoplace(
                          "pvc-big",
                          AutoPlaceRequest.of(
                              SelectFilter.builder().placeCount(2).storagePool("sp1").build(),
                              null)));
      assertThat(placed.firstError().is(RetCode.FAIL_NOT_ENOUGH_NODES)).isTrue();
      failure(
          LinstorException.InsufficientSpace.class,
          () -> client.resources().autoplace("pvc-big", AutoPlaceRequest.byGroup()));
      LinstorException.InsufficientSpace direct =
          failure(
              LinstorException.InsufficientSpace.class,
              () ->
                  client
                      .resources()
                      .create("pvc-big", ResourceCreate.diskful("node-a", "sp1", null)));
      assertThat(direct.firstError().is(RetCode.FAIL_INVLD_VLM_SIZE)).isTrue();
    } finally {
      client.resourceDefinitions().delete("pvc-big");
    }
    failure(
        LinstorException.InsufficientSpace.class,
        () ->
            client
                .resourceGroups()
                .spawn(
                    "csi-rg", ResourceGroupSpawn.of("pvc-big-spawn", List.of(100 * GIB), false)));
  }

  @Test
  void fullPools_areInsufficientSpace() {
    for (String node : List.of("node-a", "node-b", "node-c")) {
      emulator.faults().poolFull(node, "sp1", true);
    }
    try {
      failure(
          LinstorException.InsufficientSpace.class,
          () ->
              client
                  .resourceGroups()
                  .spawn("csi-rg", ResourceGroupSpawn.of("pvc-no-room", List.of(1024L), false)));
    } finally {
      for (String node : List.of("node-a", "node-b", "node-c")) {
        emulator.faults().poolFull(node, "sp1", false);
      }
      client.resourceDefinitions().delete("pvc-no-room");
    }
  }

  /**
   * The emulator logs a call after answering it; wait until {@code expected} calls are in (the
   * client has finished, so none can follow) and return the count.
   */
  private static int recorded(String method, String template, int expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (emulator.requests().count(method, template) < expected && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
    }
    return emulator.requests().count(method, template);
  }

  @Test
  void injected500s_areUnavailable_andReadsAreRetried() {
    emulator.faults().failNext(2, "GET", "/v1/nodes");
    assertThat(client.nodes().list()).hasSize(3);
    assertThat(recorded("GET", "/v1/nodes", 3)).isEqualTo(3);

    emulator.requests().reset();
    emulator.faults().failNext(3, "GET", "/v1/nodes");
    LinstorException.Unavailable e =
        failure(LinstorException.Unavailable.class, () -> client.nodes().list());
    assertThat(e.httpStatus()).isEqualTo(500);
    assertThat(e.firstError().is(RetCode.FAIL_UNKNOWN_ERROR)).isTrue();
    assertThat(recorded("GET", "/v1/nodes", 3)).isEqualTo(3);
  }

  @Test
  void injected500_onAWrite_isUnavailable_andNotRetried() {
    emulator.faults().failNext(1, "POST", "/v1/resource-definitions");
    failure(
        LinstorException.Unavailable.class,
        () ->
            client
                .resourceDefinitions()
                .create(ResourceDefinition.of("pvc-once", "csi-rg", null, null)));
    assertThat(recorded("POST", "/v1/resource-definitions", 1)).isEqualTo(1);
    assertThatThrownBy(() -> client.resourceDefinitions().get("pvc-once"))
        .isInstanceOf(LinstorException.NotFound.class);
  }

  @Test
  void aHangingController_isUnavailable_afterTheReadTimeout_andReadsAreRetried() {
    List<CallEvent> events = new CopyOnWriteArrayList<>();
    try (LinstorClient impatient =
        LinstorClient.builder()
            .endpoints(List.of(emulator.baseUrl()))
            .readTimeout(Duration.ofMillis(300))
            .retries(1)
            .backoff(Duration.ofMillis(5), Duration.ofMillis(5))
            .listener(events::add)
            .build()) {
      emulator.faults().hangNext(1, Duration.ofSeconds(1), "GET", "/v1/nodes");
      assertThat(impatient.nodes().list()).hasSize(3);

      emulator.faults().hangNext(2, Duration.ofSeconds(1), "GET", "/v1/nodes");
      LinstorException.Unavailable read =
          failure(LinstorException.Unavailable.class, () -> impatient.nodes().list());
      assertThat(read.httpStatus()).isZero();
      assertThat(read).hasCauseInstanceOf(SocketTimeoutException.class);

      emulator
          .faults()
          .hangNext(
              1, Duration.ofSeconds(1), "POST", "/v1/resource-definitions/{resource}/autoplace");
      failure(
          LinstorException.Unavailable.class,
          () -> impatient.resources().autoplace("pvc-1", AutoPlaceRequest.byGroup()));
    }
    assertThat(events)
        .extracting(CallEvent::operation, CallEvent::attempts)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("nodes.list", 2),
            org.assertj.core.groups.Tuple.tuple("nodes.list", 2),
            org.assertj.core.groups.Tuple.tuple("resources.autoplace", 1));
  }

  @Test
  void aDroppedConnection_repeatsAReadButNeverAWrite() {
    emulator.faults().hangNext(1, Duration.ofMillis(200), "GET", "/v1/nodes");
    assertThat(client.nodes().list()).hasSize(3);

    emulator.faults().hangNext(1, Duration.ofMillis(200), "POST", "/v1/resource-definitions");
    failure(
        LinstorException.Unavailable.class,
        () ->
            client
                .resourceDefinitions()
                .create(ResourceDefinition.of("pvc-dropped", "csi-rg", null, null)));
    // the emulator logs the dropped call once it gives up on it
    assertThat(recorded("POST", "/v1/resource-definitions", 1)).isEqualTo(1);
    java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
    assertThat(emulator.requests().count("POST", "/v1/resource-definitions")).isEqualTo(1);
  }

  @Test
  void callTimeout_cutsAHangingCallShort() {
    emulator.faults().hangNext(1, Duration.ofSeconds(1), "GET", "/v1/resource-groups");
    long start = System.nanoTime();
    failure(
        LinstorException.Unavailable.class,
        () -> client.withCallTimeout(Duration.ofMillis(300)).resourceGroups().list());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
  }
}
