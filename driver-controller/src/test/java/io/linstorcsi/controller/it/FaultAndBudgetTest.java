package io.linstorcsi.controller.it;

import static io.linstorcsi.controller.it.ControllerHarness.GIB;
import static io.linstorcsi.controller.it.ControllerHarness.codeOf;
import static io.linstorcsi.controller.it.ControllerHarness.newName;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.CapacityRange;
import csi.v1.ControllerExpandVolumeRequest;
import csi.v1.ControllerPublishVolumeRequest;
import csi.v1.CreateVolumeRequest;
import csi.v1.CreateVolumeResponse;
import csi.v1.Topology;
import csi.v1.TopologyRequirement;
import io.grpc.Status;
import io.linstorcsi.emulator.LinstorEmulator;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** REST call budgets per RPC and the codes LINSTOR failures become; emulator only. */
@FaultInjection
class FaultAndBudgetTest {
  static ControllerHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = ControllerHarness.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  private static LinstorEmulator emu() {
    return h.target.emulator();
  }

  /** Runs {@code rpc} and returns the REST calls it made, checked against the emulator's count. */
  private static <T> List<String> measure(String rpc, Supplier<T> call) {
    h.calls.clear();
    EmulatorProbe.resetRequests(emu());
    java.time.Instant since = java.time.Instant.now();
    call.get();
    List<String> made = EmulatorProbe.requestsSince(emu(), since);
    System.out.printf("REST calls of %s: %d %s%n", rpc, made.size(), made);
    assertThat(made).as("client-side view of %s", rpc).hasSameSizeAs(h.calls);
    return made;
  }

  private static TopologyRequirement wffc(String selected) {
    TopologyRequirement.Builder t = TopologyRequirement.newBuilder();
    for (String n : h.target.nodes(h.client)) {
      t.addRequisite(Topology.newBuilder().putSegments("linbit.com/hostname", n));
    }
    return t.addPreferred(Topology.newBuilder().putSegments("linbit.com/hostname", selected))
        .build();
  }

  @Test
  void restCallBudgets_inSteadyState() {
    h.create(newName(), GIB); // the resource group exists from here on
    String name = newName();
    assertThat(measure("CreateVolume", () -> h.create(name, GIB))).hasSizeLessThanOrEqualTo(2);
    String wffc = newName();
    TopologyRequirement topology = wffc("node-c");
    assertThat(
            measure(
                "CreateVolume (WaitForFirstConsumer, 2 replicas)",
                () ->
                    h.stub()
                        .createVolume(
                            h.createRequest(
                                    wffc,
                                    GIB,
                                    h.params("linstor.csi.linbit.com/placementCount", "2"))
                                .setAccessibilityRequirements(topology)
                                .build())))
        .hasSizeLessThanOrEqualTo(3);
    assertThat(measure("CreateVolume (again, idempotent)", () -> h.create(name, GIB)))
        .hasSizeLessThanOrEqualTo(2);
    String node =
        h.client.resources().list(name).stream()
            .filter(r -> r.flags() == null || r.flags().isEmpty())
            .findFirst()
            .orElseThrow()
            .nodeName();
    String other =
        h.target.nodes(h.client).stream().filter(n -> !n.equals(node)).findFirst().orElseThrow();
    // the first publish to a replica's node also records its read-only flag on that resource
    assertThat(measure("ControllerPublish (replica node)", () -> publish(name, node)))
        .hasSizeLessThanOrEqualTo(3);
    assertThat(measure("ControllerPublish (replica node, again)", () -> publish(name, node)))
        .hasSizeLessThanOrEqualTo(2);
    assertThat(measure("ControllerPublish (diskless)", () -> publish(name, other)))
        .hasSizeLessThanOrEqualTo(2);
    assertThat(
            measure(
                "ControllerExpand",
                () ->
                    h.stub()
                        .controllerExpandVolume(
                            ControllerExpandVolumeRequest.newBuilder()
                                .setVolumeId(name)
                                .setCapacityRange(
                                    CapacityRange.newBuilder().setRequiredBytes(2 * GIB))
                                .setVolumeCapability(ControllerHarness.mountRwo())
                                .build())))
        .hasSizeLessThanOrEqualTo(2);
    assertThat(
            measure(
                "DeleteVolume",
                () -> {
                  h.delete(name);
                  return null;
                }))
        .hasSizeLessThanOrEqualTo(3);
  }

  /**
   * WaitForFirstConsumer with two replicas: a read of where the autoplacer would put them, then one
   * spawn that pins both replicas (the selected node and the best other) and names them, and names
   * them ready (connected), in its answer; requisites already met need no autoplace of their own
   * and nothing needs reading back; then the completion mark. Both remote access policies, with the
   * requisite list external-provisioner sends with and without strict topology.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "remote access {0}, strict topology {1}")
  @org.junit.jupiter.params.provider.CsvSource({
    "true,false",
    "true,true",
    "false,false",
    "false,true"
  })
  void waitForFirstConsumerTwoReplicas_takesAtMostThreeCalls(String remote, boolean strict) {
    java.util.Map<String, String> params =
        h.params(
            "linstor.csi.linbit.com/placementCount",
            "2",
            "linstor.csi.linbit.com/allowRemoteVolumeAccess",
            remote);
    h.stub().createVolume(h.createRequest(newName(), GIB, params).build()); // group exists now
    String selected = "node-b";
    TopologyRequirement topology =
        strict
            ? TopologyRequirement.newBuilder()
                .addRequisite(Topology.newBuilder().putSegments("linbit.com/hostname", selected))
                .addPreferred(Topology.newBuilder().putSegments("linbit.com/hostname", selected))
                .build()
            : wffc(selected);
    String name = newName();
    List<String> made =
        measure(
            "CreateVolume (WaitForFirstConsumer, remote " + remote + ", strict " + strict + ")",
            () ->
                h.stub()
                    .createVolume(
                        h.createRequest(name, GIB, params)
                            .setAccessibilityRequirements(topology)
                            .build()));
    assertThat(made).hasSizeLessThanOrEqualTo(3);
    assertThat(made)
        .as("writes that deploy replicas, each waiting for the satellites")
        .filteredOn(c -> c.endsWith("/spawn") || c.endsWith("/autoplace"))
        .singleElement()
        .satisfies(c -> assertThat(c).startsWith("POST /v1/resource-groups/"));
    assertThat(
            h.client.resources().list(name).stream()
                .filter(
                    r ->
                        r.flags() == null
                            || r.flags().stream()
                                .noneMatch(f -> f.contains("DISKLESS") || f.equals("TIE_BREAKER")))
                .map(r -> r.nodeName())
                .toList())
        .hasSize(2)
        .contains(selected);
  }

  /**
   * The selected node cannot hold a replica (its pool is full): LINSTOR refuses the spawn that pins
   * it with the autoplacer's best other, and the driver places step by step instead, as a volume
   * the selected node reaches over the network.
   */
  @Test
  void waitForFirstConsumer_selectedNodeFull_isPlacedStepByStepElsewhere() {
    java.util.Map<String, String> params = h.params("linstor.csi.linbit.com/placementCount", "2");
    h.stub().createVolume(h.createRequest(newName(), GIB, params).build()); // group exists now
    String name = newName();
    TopologyRequirement topology = wffc("node-c");
    emu().faults().poolFull("node-c", LinstorTarget.POOL, true);
    List<String> made;
    try {
      made =
          measure(
              "CreateVolume (WaitForFirstConsumer, selected node full)",
              () ->
                  h.stub()
                      .createVolume(
                          h.createRequest(name, GIB, params)
                              .setAccessibilityRequirements(topology)
                              .build()));
    } finally {
      EmulatorProbe.clearFaults(emu());
    }
    assertThat(made)
        .filteredOn(c -> c.endsWith("/spawn"))
        .as("the refused replica set, the refused pin of the selected node, the spawn elsewhere")
        .hasSize(3);
    assertThat(
            h.client.resources().list(name).stream()
                .filter(r -> r.flags() == null || r.flags().isEmpty())
                .map(r -> r.nodeName())
                .sorted()
                .toList())
        .containsExactly("node-a", "node-b");
  }

  @Test
  void createVolumeAfterDeletingAnotherVolumeOfTheClass_doesNotReadTheGroupAgain() {
    h.create(newName(), GIB); // keeps the class's resource group in use
    String deleted = newName();
    h.create(deleted, GIB);
    h.delete(deleted);
    List<String> made =
        measure("CreateVolume after a DeleteVolume", () -> h.create(newName(), GIB));
    assertThat(made).noneMatch(c -> c.contains("/resource-groups/") && c.startsWith("GET"));
    assertThat(made).hasSizeLessThanOrEqualTo(2);
  }

  private static Object publish(String vol, String node) {
    return h.stub()
        .controllerPublishVolume(
            ControllerPublishVolumeRequest.newBuilder()
                .setVolumeId(vol)
                .setNodeId(node)
                .setVolumeCapability(ControllerHarness.mountRwo())
                .build());
  }

  @Test
  void linstorDown_isUnavailable() throws Exception {
    int closedPort;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    try (ControllerHarness down =
        ControllerHarness.startAgainst(java.net.URI.create("http://127.0.0.1:" + closedPort))) {
      assertThat(codeOf(() -> down.create(newName(), GIB))).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(codeOf(() -> down.delete(newName()))).isEqualTo(Status.Code.UNAVAILABLE);
    }
  }

  @Test
  void failingLinstorCall_isReportedAndARetrySucceeds() {
    String name = newName();
    emu().faults().failNext(1, "POST", "**");
    assertThat(codeOf(() -> h.create(name, GIB))).isNotEqualTo(Status.Code.OK);
    assertThat(h.create(name, GIB).getVolume().getCapacityBytes()).isEqualTo(GIB);
  }

  @Test
  void degradedReplica_isAnAbnormalVolumeCondition() {
    String name = newName();
    h.stub()
        .createVolume(
            h.createRequest(name, GIB, h.params("linstor.csi.linbit.com/placementCount", "2"))
                .build());
    String node =
        h.client.resources().list(name).stream()
            .filter(r -> r.flags() == null || r.flags().isEmpty())
            .findFirst()
            .orElseThrow()
            .nodeName();
    emu().faults().degrade(name, node);
    try {
      var status =
          h.stub()
              .controllerGetVolume(
                  csi.v1.ControllerGetVolumeRequest.newBuilder().setVolumeId(name).build())
              .getStatus();
      assertThat(status.getVolumeCondition().getAbnormal()).isTrue();
      assertThat(status.getVolumeCondition().getMessage()).contains(node);
    } finally {
      emu().faults().heal(name);
    }
    assertThat(
            h.stub()
                .controllerGetVolume(
                    csi.v1.ControllerGetVolumeRequest.newBuilder().setVolumeId(name).build())
                .getStatus()
                .getVolumeCondition()
                .getAbnormal())
        .isFalse();
  }

  @Test
  void replicasThatCannotConnect_areNotOk_andARetryFinishesOnceTheyDo() {
    // node-b is down: its replica is defined but DRBD on node-a keeps "Connecting" to it.
    String name = newName();
    CreateVolumeRequest req =
        h.createRequest(name, GIB, h.params("linstor.csi.linbit.com/nodeList", "node-a node-b"))
            .build();
    emu().faults().nodeOffline("node-b");
    try {
      io.grpc.StatusRuntimeException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              io.grpc.StatusRuntimeException.class,
              () ->
                  h.stub
                      .withDeadlineAfter(4, java.util.concurrent.TimeUnit.SECONDS)
                      .createVolume(req));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
      assertThat(e.getStatus().getDescription())
          .as("the driver's own answer, before the caller's deadline cuts it off")
          .contains("node-b")
          .contains("did not connect");
      assertThat(h.client.resourceDefinitions().get(name).props())
          .as("not marked complete")
          .doesNotContainKey("Aux/csi-provisioning-completed-by");
    } finally {
      emu().faults().nodeOnline("node-b");
    }
    assertThat(h.stub().createVolume(req).getVolume().getVolumeId()).isEqualTo(name);
    assertThat(h.client.resourceDefinitions().get(name).props())
        .containsKey("Aux/csi-provisioning-completed-by");
  }

  @Test
  void fullPool_isResourceExhausted() {
    EmulatorProbe.fillPools(emu());
    try {
      assertThat(codeOf(() -> h.create(newName(), GIB))).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    } finally {
      EmulatorProbe.clearFaults(emu());
    }
  }

  @Test
  void concurrentCallsOnOneVolume_areAborted() throws Exception {
    EmulatorProbe.slowDown(emu(), java.time.Duration.ofMillis(300));
    try {
      String name = newName();
      var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> h.create(name, GIB));
      Thread.sleep(100);
      assertThat(codeOf(() -> h.create(name, GIB))).isEqualTo(Status.Code.ABORTED);
      CreateVolumeResponse done = first.get();
      assertThat(done.getVolume().getVolumeId()).isEqualTo(name);
    } finally {
      EmulatorProbe.clearFaults(emu());
    }
  }

  @Test
  void slowLinstor_endsAtTheCallersDeadline() {
    EmulatorProbe.slowDown(emu(), java.time.Duration.ofSeconds(3));
    try {
      long start = System.nanoTime();
      Status.Code code =
          codeOf(
              () ->
                  h.stub
                      .withDeadlineAfter(500, java.util.concurrent.TimeUnit.MILLISECONDS)
                      .createVolume(h.createRequest(newName(), GIB, h.params()).build()));
      assertThat(code).isIn(Status.Code.DEADLINE_EXCEEDED, Status.Code.UNAVAILABLE);
      assertThat(java.time.Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(java.time.Duration.ofSeconds(3));
    } finally {
      EmulatorProbe.clearFaults(emu());
    }
  }

  @Test
  void publishSingleNodeVolume_whileInUseOnAnotherNode_isFailedPreconditionNamingIt() {
    String name = "pvc-inuse-" + System.nanoTime();
    var created =
        h.stub()
            .createVolume(
                h.createRequest(name, GIB, h.params("linstor.csi.linbit.com/placementCount", "2"))
                    .build())
            .getVolume();
    List<String> replicas =
        h.client.resources().list(name).stream().map(r -> r.nodeName()).toList();
    String busy = replicas.get(0);
    String other = replicas.get(1);
    emu().faults().inUse(name, busy, true);
    try {
      var refused =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              io.grpc.StatusRuntimeException.class,
              () ->
                  h.stub()
                      .controllerPublishVolume(
                          csi.v1.ControllerPublishVolumeRequest.newBuilder()
                              .setVolumeId(name)
                              .setNodeId(other)
                              .setVolumeCapability(ControllerHarness.mountRwo())
                              .putAllVolumeContext(created.getVolumeContextMap())
                              .build()));
      assertThat(refused.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.FAILED_PRECONDITION);
      assertThat(refused.getStatus().getDescription()).contains(busy);
    } finally {
      emu().faults().inUse(name, busy, null);
    }
    // once nothing has it open, the other node may have it
    var ok =
        h.stub()
            .controllerPublishVolume(
                csi.v1.ControllerPublishVolumeRequest.newBuilder()
                    .setVolumeId(name)
                    .setNodeId(other)
                    .setVolumeCapability(ControllerHarness.mountRwo())
                    .putAllVolumeContext(created.getVolumeContextMap())
                    .build());
    assertThat(ok.getPublishContextMap()).containsKey("linstor.csi.linbit.com/device-path");
  }
}
