package io.linstorcsi.controller.it;

import static io.linstorcsi.controller.it.ControllerHarness.GIB;
import static io.linstorcsi.controller.it.ControllerHarness.codeOf;
import static io.linstorcsi.controller.it.ControllerHarness.newName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import csi.v1.ControllerGetCapabilitiesRequest;
import csi.v1.ControllerModifyVolumeRequest;
import csi.v1.ControllerServiceCapability.RPC.Type;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.linstorcsi.emulator.DrbdControl;
import io.linstorcsi.emulator.LinstorEmulator;
import io.linstorcsi.emulator.state.SyncPolicy;
import io.linstorcsi.linstor.model.ResourceDefinition;
import io.linstorcsi.linstor.model.ResourceGroup;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ControllerModifyVolume over the socket against the emulator's DRBD model: replica count up and
 * down with the data kept on UpToDate replicas, the refusals that protect it, per-volume
 * properties, and idempotency counted in REST calls.
 */
@FaultInjection
class ModifyVolumeTest {
  private static final String COUNT = "linstor.csi.linbit.com/placementCount";

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

  private static String volume(int replicas) {
    String name = newName();
    return h.stub()
        .createVolume(h.createRequest(name, GIB, h.params(COUNT, String.valueOf(replicas))).build())
        .getVolume()
        .getVolumeId();
  }

  private static void modify(String volume, String... pairs) {
    ControllerModifyVolumeRequest.Builder req =
        ControllerModifyVolumeRequest.newBuilder().setVolumeId(volume);
    for (int i = 0; i < pairs.length; i += 2) {
      req.putMutableParameters(pairs[i], pairs[i + 1]);
    }
    h.stub().controllerModifyVolume(req.build());
  }

  private static List<String> diskfulNodes(String rd) {
    return h.client.resources().list(rd).stream()
        .filter(
            r ->
                r.flags() == null
                    || r.flags().stream()
                        .noneMatch(
                            f ->
                                f.contains("DISKLESS")
                                    || f.equals("TIE_BREAKER")
                                    || f.equals("DELETE")))
        .map(r -> r.nodeName())
        .sorted()
        .toList();
  }

  /** The REST writes the service made since {@code from} (GETs are reads). */
  private static List<String> writesSince(int from) {
    return h.calls.subList(from, h.calls.size()).stream()
        .filter(c -> !c.startsWith("GET "))
        .toList();
  }

  @Test
  void capabilities_offerModifyVolume() {
    assertThat(
            h
                .stub()
                .controllerGetCapabilities(ControllerGetCapabilitiesRequest.getDefaultInstance())
                .getCapabilitiesList()
                .stream()
                .map(c -> c.getRpc().getType()))
        .contains(Type.MODIFY_VOLUME);
  }

  @Test
  void modify_replicaCountTwoToThree_onThreeNodes_givesTheTieBreakersNodeADisk() {
    // two DRBD replicas on three nodes: the third holds LINSTOR's diskless tie-breaker, and is the
    // only node a third replica can go to
    String vol = volume(2);
    assertThat(diskfulNodes(vol)).hasSize(2);

    modify(vol, COUNT, "3");

    List<String> three = diskfulNodes(vol);
    assertThat(three).containsExactly("node-a", "node-b", "node-c");
    for (String node : three) {
      assertThat(emu().drbd().state(vol, node).diskState()).as(node).isEqualTo("UpToDate");
    }
  }

  @Test
  void modify_replicaCountUpThenDown_keepsTheInUseReplicaUpToDate() {
    String vol = volume(1);
    String original = diskfulNodes(vol).get(0);

    modify(vol, COUNT, "3");
    List<String> three = diskfulNodes(vol);
    assertThat(three).hasSize(3).contains(original);
    for (String node : three) {
      assertThat(emu().drbd().state(vol, node).diskState()).as(node).isEqualTo("UpToDate");
    }

    // A pod uses the volume on a node that was added, not on the one it was created on.
    String added = three.stream().filter(n -> !n.equals(original)).findFirst().orElseThrow();
    emu().faults().inUse(vol, added, true);
    modify(vol, COUNT, "1");

    assertThat(diskfulNodes(vol)).containsExactly(added);
    DrbdControl.ReplicaState kept = emu().drbd().state(vol, added);
    assertThat(kept.diskState()).isEqualTo("UpToDate");
    assertThat(kept.ioPossible()).isTrue();
    assertThat(kept.inUse()).isTrue();
  }

  @Test
  void
      modify_down_whileTheReplicaThatWouldStayIsResyncing_isFailedPrecondition_andRemovesNothing() {
    emu().drbd().syncPolicy(SyncPolicy.MANUAL);
    String vol = volume(1);
    String original = diskfulNodes(vol).get(0);
    modify(vol, COUNT, "2");
    String added = diskfulNodes(vol).stream().filter(n -> !n.equals(original)).findFirst().get();
    assertThat(emu().drbd().state(vol, added).diskState()).isNotEqualTo("UpToDate");
    emu().faults().inUse(vol, added, true);

    // Removing the original would leave only the in-use replica, which has no complete copy yet.
    int before = h.calls.size();
    assertThatThrownBy(() -> modify(vol, COUNT, "1"))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e.getStatus().getDescription()).contains(added).contains("UpToDate");
            });
    assertThat(writesSince(before)).isEmpty();
    assertThat(diskfulNodes(vol)).containsExactlyInAnyOrder(original, added);

    // Once the resync is done the same request succeeds and keeps the replica in use.
    emu().drbd().completeSync(vol);
    modify(vol, COUNT, "1");
    assertThat(diskfulNodes(vol)).containsExactly(added);
    assertThat(emu().drbd().state(vol, added).diskState()).isEqualTo("UpToDate");
  }

  @Test
  void modify_down_whenEveryCandidateIsInUse_isFailedPreconditionNamingTheNode() {
    String vol = volume(2);
    List<String> nodes = diskfulNodes(vol);
    // Both Primary, as during a live migration of an RWX block volume.
    nodes.forEach(n -> emu().faults().inUse(vol, n, true));

    int before = h.calls.size();
    assertThatThrownBy(() -> modify(vol, COUNT, "1"))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e.getStatus().getDescription())
                  .contains(nodes.get(0))
                  .contains(nodes.get(1))
                  .contains("in use");
            });
    assertThat(writesSince(before)).isEmpty();
    assertThat(diskfulNodes(vol)).isEqualTo(nodes);
  }

  @Test
  void modify_properties_goOnTheVolumesDefinitionOnly() {
    String vol = volume(1);
    String other = volume(1);
    modify(
        vol,
        "property.linstor.csi.linbit.com/DrbdOptions/Net/max-buffers",
        "8000",
        "DrbdOptions/Disk/disk-flushes",
        "no");

    ResourceDefinition rd = h.client.resourceDefinitions().get(vol);
    assertThat(rd.props())
        .containsEntry("DrbdOptions/Net/max-buffers", "8000")
        .containsEntry("DrbdOptions/Disk/disk-flushes", "no");
    ResourceGroup group = h.client.resourceGroups().get(rd.resourceGroupName());
    assertThat(group.props()).doesNotContainKey("DrbdOptions/Net/max-buffers");
    assertThat(h.client.resourceDefinitions().get(other).props())
        .doesNotContainKey("DrbdOptions/Net/max-buffers");
  }

  @Test
  void modify_repeated_makesNoWrite() {
    String vol = volume(1);
    String[] params = {
      COUNT, "2", "property.linstor.csi.linbit.com/DrbdOptions/Net/max-buffers", "9000"
    };
    int first = h.calls.size();
    modify(vol, params);
    assertThat(writesSince(first)).hasSize(2);

    int repeat = h.calls.size();
    modify(vol, params);
    assertThat(writesSince(repeat)).isEmpty();
    assertThat(h.calls.size() - repeat).as("reads of the repeat").isEqualTo(2);
    assertThat(diskfulNodes(vol)).hasSize(2);
  }

  @Test
  void modify_immutableOrUnknownKey_isInvalidArgumentNamingIt_andWritesNothing() {
    String vol = volume(1);
    for (Map.Entry<String, String> bad :
        Map.of(
                "linstor.csi.linbit.com/storagePool", "other",
                "linstor.csi.linbit.com/allowRemoteVolumeAccess", "false",
                "linstor.csi.linbit.com/noSuchKey", "1",
                "somethingElse/key", "v",
                "property.linstor.csi.linbit.com/Aux/csi-volume-deleted", "true")
            .entrySet()) {
      int before = h.calls.size();
      assertThatThrownBy(() -> modify(vol, bad.getKey(), bad.getValue()))
          .as(bad.getKey())
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                String named = bad.getKey().replace("property.linstor.csi.linbit.com/", "");
                assertThat(e.getStatus().getDescription()).contains(named);
              });
      assertThat(writesSince(before)).as(bad.getKey()).isEmpty();
    }
    assertThat(codeOf(() -> modify(vol, COUNT, "zero"))).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void create_withMutableParameters_appliesThemToTheNewVolume() {
    String name = newName();
    String vol =
        h.stub()
            .createVolume(
                h.createRequest(name, GIB, h.params(COUNT, "1"))
                    .putMutableParams(COUNT, "2")
                    .putMutableParams("DrbdOptions/Net/max-buffers", "7000")
                    .build())
            .getVolume()
            .getVolumeId();
    assertThat(diskfulNodes(vol)).hasSize(2);
    assertThat(h.client.resourceDefinitions().get(vol).props())
        .containsEntry("DrbdOptions/Net/max-buffers", "7000");
  }

  @ParameterizedTest
  @ValueSource(strings = {"XXX_FakeKey", "property.linstor.csi.linbit.com/Aux/csi-volume-deleted"})
  void create_withARefusedMutableParameter_isInvalidArgument_andCreatesNothing(String key) {
    String name = newName();
    int before = h.calls.size();
    assertThatThrownBy(
            () ->
                h.stub()
                    .createVolume(
                        h.createRequest(name, GIB, h.params()).putMutableParams(key, "x").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .contains(key.replace("property.linstor.csi.linbit.com/", ""));
            });
    assertThat(writesSince(before)).isEmpty();
  }

  @Test
  void modify_withNoParameters_succeedsWithoutWriting() {
    String vol = volume(1);
    int before = h.calls.size();
    modify(vol);
    assertThat(writesSince(before)).isEmpty();
  }

  @Test
  void modify_unknownVolume_isNotFound() {
    assertThat(codeOf(() -> modify(newName(), COUNT, "2"))).isEqualTo(Status.Code.NOT_FOUND);
  }
}
