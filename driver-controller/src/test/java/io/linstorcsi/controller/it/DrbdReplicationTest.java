package io.linstorcsi.controller.it;

import static io.linstorcsi.controller.it.ControllerHarness.GIB;
import static io.linstorcsi.controller.it.ControllerHarness.newName;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.ControllerGetVolumeRequest;
import csi.v1.CreateSnapshotRequest;
import csi.v1.CreateVolumeRequest;
import csi.v1.Topology;
import csi.v1.TopologyRequirement;
import csi.v1.VolumeCondition;
import csi.v1.VolumeContentSource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.linstorcsi.emulator.DrbdControl;
import io.linstorcsi.emulator.LinstorEmulator;
import io.linstorcsi.emulator.state.SyncPolicy;
import io.linstorcsi.linstor.model.AutoPlaceRequest;
import io.linstorcsi.linstor.model.ResourceDefinition;
import io.linstorcsi.linstor.model.ResourceDefinitionCreate;
import io.linstorcsi.linstor.model.SelectFilter;
import io.linstorcsi.linstor.model.SnapshotRestore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replication as DRBD sees it, on the emulator's DRBD model (LINSTOR 1.33.3's initial-sync rule):
 * restores and clones whose replicas share history, volumes that are not OK before their replicas
 * connect, and the volume condition during an initial resync.
 */
@FaultInjection
class DrbdReplicationTest {
  static ControllerHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = ControllerHarness.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  @AfterEach
  void instantSync() {
    emu().drbd().syncPolicy(SyncPolicy.INSTANT);
  }

  private static LinstorEmulator emu() {
    return h.target.emulator();
  }

  private static List<String> diskfulNodes(String rd) {
    return h.client.resources().list(rd).stream()
        .filter(
            r ->
                r.flags() == null
                    || r.flags().stream()
                        .noneMatch(f -> f.contains("DISKLESS") || f.equals("TIE_BREAKER")))
        .map(r -> r.nodeName())
        .sorted()
        .toList();
  }

  /** Every diskful replica connected to every other one, as DRBD reports it. */
  private static void assertReplicated(String rd) {
    List<String> nodes = diskfulNodes(rd);
    assertThat(nodes).hasSizeGreaterThanOrEqualTo(2);
    for (String node : nodes) {
      DrbdControl.ReplicaState s = emu().drbd().state(rd, node);
      for (String peer : nodes) {
        if (!peer.equals(node)) {
          assertThat(s.connections())
              .as("%s towards %s", node, peer)
              .containsEntry(peer, "Connected");
        }
      }
    }
  }

  private static String twoReplicaVolume() {
    String src = newName();
    h.stub()
        .createVolume(
            h.createRequest(src, GIB, h.params("linstor.csi.linbit.com/placementCount", "2"))
                .build());
    return src;
  }

  private static CreateVolumeRequest.Builder restore(
      String name, String placementCount, VolumeContentSource source) {
    return h.createRequest(
            name, GIB, h.params("linstor.csi.linbit.com/placementCount", placementCount))
        .setVolumeContentSource(source);
  }

  private static VolumeContentSource fromSnapshotOf(String volume) {
    String id =
        h.stub()
            .createSnapshot(
                CreateSnapshotRequest.newBuilder()
                    .setName("snapshot-" + System.nanoTime())
                    .setSourceVolumeId(volume)
                    .build())
            .getSnapshot()
            .getSnapshotId();
    return VolumeContentSource.newBuilder()
        .setSnapshot(VolumeContentSource.SnapshotSource.newBuilder().setSnapshotId(id))
        .build();
  }

  private static VolumeCondition condition(String volume) {
    return h.stub()
        .controllerGetVolume(ControllerGetVolumeRequest.newBuilder().setVolumeId(volume).build())
        .getStatus()
        .getVolumeCondition();
  }

  @Test
  void cloneWithItsPreferredNodeWhereTheSourceIsSecondary_hasConnectedReplicas() {
    String src = twoReplicaVolume();
    List<String> srcNodes = diskfulNodes(src);
    emu().faults().inUse(src, srcNodes.get(0), true);
    try {
      String clone = newName();
      String secondary = srcNodes.get(1);
      TopologyRequirement preferred =
          TopologyRequirement.newBuilder()
              .addPreferred(Topology.newBuilder().putSegments("linbit.com/hostname", secondary))
              .build();
      h.stub()
          .createVolume(
              restore(
                      clone,
                      "2",
                      VolumeContentSource.newBuilder()
                          .setVolume(VolumeContentSource.VolumeSource.newBuilder().setVolumeId(src))
                          .build())
                  .setAccessibilityRequirements(preferred)
                  .build());
      assertThat(diskfulNodes(clone)).contains(secondary).hasSize(2);
      assertReplicated(clone);
    } finally {
      emu().faults().inUse(src, srcNodes.get(0), null);
    }
  }

  @Test
  void restoreOfATwoReplicaSnapshot_restoresBothTogether_connectedWithoutResync() {
    String src = twoReplicaVolume();
    VolumeContentSource snapshot = fromSnapshotOf(src);
    emu().drbd().syncPolicy(SyncPolicy.MANUAL); // a resync would stay visible
    String restored = newName();
    h.stub().createVolume(restore(restored, "2", snapshot).build());
    assertThat(diskfulNodes(restored)).isEqualTo(diskfulNodes(src));
    assertReplicated(restored);
    for (String node : diskfulNodes(restored)) {
      assertThat(emu().drbd().state(restored, node).diskState()).isEqualTo("UpToDate");
    }
  }

  @Test
  void restoreIntoMoreReplicasThanTheSnapshotHas_addsAFreshPeerThatSyncs() {
    String src = newName();
    h.create(src, GIB); // one replica
    VolumeContentSource snapshot = fromSnapshotOf(src);
    emu().drbd().syncPolicy(SyncPolicy.MANUAL);
    String restored = newName();
    h.stub().createVolume(restore(restored, "2", snapshot).build());
    assertReplicated(restored);
    String added =
        diskfulNodes(restored).stream()
            .filter(n -> !diskfulNodes(src).contains(n))
            .findFirst()
            .orElseThrow();
    assertThat(emu().drbd().state(restored, added).diskState())
        .as("an empty peer receiving the data, not a second claim to it")
        .isIn("Inconsistent", "SyncTarget(0.00%)");
    assertThat(condition(restored).getMessage())
        .isEqualTo("resync to " + added + " 0.0% done: one UpToDate copy only");
    emu().drbd().completeSync(restored);
    assertThat(condition(restored).getAbnormal()).isFalse();
  }

  @Test
  void newVolumeDuringItsInitialResync_conditionSaysHowFar_untilRedundant() {
    emu().drbd().syncPolicy(SyncPolicy.MANUAL);
    String name = twoReplicaVolume();
    String target =
        diskfulNodes(name).stream()
            .filter(n -> !"UpToDate".equals(emu().drbd().state(name, n).diskState()))
            .findFirst()
            .orElseThrow();
    emu().drbd().advanceSync(name, 25);
    VolumeCondition during = condition(name);
    assertThat(during.getAbnormal()).isTrue();
    assertThat(during.getMessage())
        .isEqualTo("resync to " + target + " 25.0% done: one UpToDate copy only");
    emu().drbd().completeSync(name);
    assertThat(condition(name).getAbnormal()).isFalse();
  }

  @Test
  void halfMadeRestoreWhoseReplicasRefuseEachOther_isAbortedAndRemoved_andARetryFinishes() {
    // What an earlier driver left: restored on one node, a second replica added afterwards.
    String src = newName();
    h.create(src, GIB);
    VolumeContentSource snapshot = fromSnapshotOf(src);
    String snapshotName = h.client.snapshots().list(src).stream().findFirst().orElseThrow().name();
    String name = newName();
    CreateVolumeRequest req = restore(name, "2", snapshot).build();
    String group =
        io.linstorcsi.controller.params.VolumeParameters.parse(req.getParametersMap())
            .resourceGroup();
    h.client
        .resourceDefinitions()
        .create(
            ResourceDefinitionCreate.of(
                new ResourceDefinition(name, null, Map.of(), null, null, null, group, null)));
    h.client.snapshots().restoreVolumeDefinition(src, snapshotName, SnapshotRestore.to(name, null));
    h.client
        .snapshots()
        .restoreResources(src, snapshotName, SnapshotRestore.to(name, diskfulNodes(src)));
    h.client
        .resources()
        .autoplace(
            name,
            AutoPlaceRequest.of(SelectFilter.builder().additionalPlaceCount(1).build(), null));
    StatusRuntimeException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            StatusRuntimeException.class, () -> h.stub().createVolume(req));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
    assertThat(e.getStatus().getDescription()).contains("cannot connect").contains("StandAlone");
    assertThat(h.client.resourceDefinitions().list(io.linstorcsi.linstor.ListFilter.all(), false))
        .noneMatch(d -> d.name().equalsIgnoreCase(name));
    h.stub().createVolume(req);
    assertReplicated(name);
  }
}
