package io.linstorcsi.controller.it;

import static io.linstorcsi.controller.it.ControllerHarness.GIB;
import static io.linstorcsi.controller.it.ControllerHarness.MIB;
import static io.linstorcsi.controller.it.ControllerHarness.codeOf;
import static io.linstorcsi.controller.it.ControllerHarness.newName;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.CapacityRange;
import csi.v1.CreateVolumeRequest;
import csi.v1.CreateVolumeResponse;
import csi.v1.Topology;
import csi.v1.TopologyRequirement;
import csi.v1.VolumeCapability.AccessMode.Mode;
import io.grpc.Status;
import io.linstorcsi.linstor.model.Resource;
import io.linstorcsi.linstor.model.ResourceDefinition;
import io.linstorcsi.linstor.model.ResourceGroupSpawn;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CreateVolumeTest {
  static ControllerHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = ControllerHarness.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  /** Nodes with a diskful replica (LINSTOR adds a diskless tie-breaker to two DRBD replicas). */
  private static List<String> nodesOf(String rd) {
    return h.client.resources().list(rd).stream()
        .filter(
            r ->
                r.flags() == null
                    || r.flags().stream()
                        .noneMatch(f -> f.contains("DISKLESS") || f.equals("TIE_BREAKER")))
        .map(Resource::nodeName)
        .sorted()
        .toList();
  }

  @Test
  void createVolume_returnsVolumeOfRequestedSizeWithContext() {
    String name = newName();
    CreateVolumeResponse resp = h.create(name, GIB);
    assertThat(resp.getVolume().getVolumeId()).isEqualTo(name);
    assertThat(resp.getVolume().getCapacityBytes()).isEqualTo(GIB);
    assertThat(resp.getVolume().getVolumeContextMap())
        .containsEntry("linstor.csi.linbit.com/uses-volume-context", "true")
        .containsKey("linstor.csi.linbit.com/remote-access-policy");
    ResourceDefinition rd = h.client.resourceDefinitions().get(name);
    assertThat(rd.props()).containsEntry("Aux/csi-provisioning-completed-by", "linstor-csi/test");
    assertThat(nodesOf(name)).hasSize(1);
  }

  @Test
  void createVolume_roundsUpToWholeKibAndFileSystemMinimum() {
    String block = newName();
    long got =
        h.stub()
            .createVolume(
                h.createRequest(block, 1000, h.params())
                    .clearVolumeCapabilities()
                    .addVolumeCapabilities(ControllerHarness.block(Mode.SINGLE_NODE_WRITER))
                    .build())
            .getVolume()
            .getCapacityBytes();
    assertThat(got).isEqualTo(4096);
    String xfs = newName();
    long xfsBytes =
        h.stub()
            .createVolume(
                h.createRequest(xfs, 10 * MIB + 1, h.params())
                    .clearVolumeCapabilities()
                    .addVolumeCapabilities(ControllerHarness.mount(Mode.SINGLE_NODE_WRITER, "xfs"))
                    .build())
            .getVolume()
            .getCapacityBytes();
    assertThat(xfsBytes).isEqualTo(300 * MIB);
  }

  @Test
  void createVolume_limitBelowWhatTheFileSystemNeeds_isOutOfRange() {
    CreateVolumeRequest req =
        h.createRequest(newName(), MIB, h.params())
            .clearVolumeCapabilities()
            .addVolumeCapabilities(ControllerHarness.mount(Mode.SINGLE_NODE_WRITER, "xfs"))
            .setCapacityRange(
                CapacityRange.newBuilder().setRequiredBytes(MIB).setLimitBytes(100 * MIB))
            .build();
    assertThat(codeOf(() -> h.stub().createVolume(req))).isEqualTo(Status.Code.OUT_OF_RANGE);
  }

  @Test
  void createVolume_sameNameSameRequest_returnsTheSameVolume() {
    String name = newName();
    CreateVolumeResponse first = h.create(name, GIB);
    CreateVolumeResponse again = h.create(name, GIB);
    assertThat(again.getVolume()).isEqualTo(first.getVolume());
    assertThat(nodesOf(name)).hasSize(1);
  }

  @Test
  void createVolume_sameNameOtherSize_isAlreadyExists() {
    String name = newName();
    h.create(name, GIB);
    assertThat(codeOf(() -> h.create(name, 2 * GIB))).isEqualTo(Status.Code.ALREADY_EXISTS);
  }

  @Test
  void createVolume_sameNameOtherParameters_isAlreadyExists() {
    String name = newName();
    h.create(name, GIB);
    CreateVolumeRequest other =
        h.createRequest(name, GIB, h.params("linstor.csi.linbit.com/placementCount", "2")).build();
    assertThat(codeOf(() -> h.stub().createVolume(other))).isEqualTo(Status.Code.ALREADY_EXISTS);
  }

  @Test
  void createVolume_multiNodeWriterMount_isInvalidArgument() {
    CreateVolumeRequest req =
        h.createRequest(newName(), GIB, h.params())
            .clearVolumeCapabilities()
            .addVolumeCapabilities(ControllerHarness.mount(Mode.MULTI_NODE_MULTI_WRITER, "ext4"))
            .build();
    assertThat(codeOf(() -> h.stub().createVolume(req))).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void createVolume_multiNodeWriterBlock_needsDrbdOnTop() {
    CreateVolumeRequest storageOnly =
        h.createRequest(newName(), GIB, h.params("linstor.csi.linbit.com/layerList", "storage"))
            .clearVolumeCapabilities()
            .addVolumeCapabilities(ControllerHarness.block(Mode.MULTI_NODE_MULTI_WRITER))
            .build();
    assertThat(codeOf(() -> h.stub().createVolume(storageOnly)))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    CreateVolumeRequest drbd =
        h.createRequest(
                newName(), GIB, h.params("linstor.csi.linbit.com/layerList", "drbd storage"))
            .clearVolumeCapabilities()
            .addVolumeCapabilities(ControllerHarness.block(Mode.MULTI_NODE_MULTI_WRITER))
            .build();
    assertThat(h.stub().createVolume(drbd).getVolume().getCapacityBytes()).isEqualTo(GIB);
  }

  @Test
  void createVolume_twoCopiesWithoutDrbd_isInvalidArgumentNamingBothKeys_andCreatesNothing() {
    String name = newName();
    CreateVolumeRequest req =
        h.createRequest(
                name,
                GIB,
                h.params(
                    "linstor.csi.linbit.com/layerList", "storage",
                    "linstor.csi.linbit.com/placementCount", "2"))
            .build();
    io.grpc.StatusRuntimeException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            io.grpc.StatusRuntimeException.class, () -> h.stub().createVolume(req));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription())
        .contains("linstor.csi.linbit.com/placementCount")
        .contains("linstor.csi.linbit.com/layerList")
        .contains("independent");
    assertThat(h.client.resourceDefinitions().list(io.linstorcsi.linstor.ListFilter.all(), false))
        .noneMatch(rd -> rd.name().equalsIgnoreCase(name));
  }

  @Test
  void storageOnlyVolume_isAccessibleOnlyFromItsOneCopy_evenWithRemoteAccessAllowed() {
    String name = newName();
    CreateVolumeResponse resp =
        h.stub()
            .createVolume(
                h.createRequest(
                        name,
                        GIB,
                        h.params(
                            "linstor.csi.linbit.com/layerList", "storage",
                            "linstor.csi.linbit.com/allowRemoteVolumeAccess", "true"))
                    .build());
    List<String> reported =
        resp.getVolume().getAccessibleTopologyList().stream()
            .map(t -> t.getSegmentsMap().get("linbit.com/hostname"))
            .toList();
    assertThat(reported).hasSize(1).isEqualTo(nodesOf(name));
    assertThat(resp.getVolume().getVolumeContextMap())
        .containsEntry("linstor.csi.linbit.com/remote-access-policy", "false");
  }

  @Test
  void createVolume_withUnknownParameter_isInvalidArgumentNamingIt() {
    CreateVolumeRequest req =
        h.createRequest(newName(), GIB, h.params("linstor.csi.linbit.com/placementCnt", "2"))
            .build();
    io.grpc.StatusRuntimeException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            io.grpc.StatusRuntimeException.class, () -> h.stub().createVolume(req));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).contains("placementCnt");
  }

  @Test
  void createVolume_withoutName_isInvalidArgument() {
    assertThat(codeOf(() -> h.stub().createVolume(h.createRequest("", GIB, h.params()).build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void waitForFirstConsumer_putsADiskfulReplicaOnTheSelectedNode() {
    List<String> nodes = h.target.nodes(h.client);
    String selected = nodes.get(nodes.size() - 1);
    TopologyRequirement.Builder topo = TopologyRequirement.newBuilder();
    for (String n : nodes) {
      topo.addRequisite(Topology.newBuilder().putSegments("linbit.com/hostname", n));
    }
    topo.addPreferred(Topology.newBuilder().putSegments("linbit.com/hostname", selected));
    String name = newName();
    h.stub()
        .createVolume(
            h.createRequest(name, GIB, h.params("linstor.csi.linbit.com/placementCount", "2"))
                .setAccessibilityRequirements(topo)
                .build());
    assertThat(nodesOf(name)).contains(selected).hasSize(2);
  }

  @Test
  void localOnlyAccess_reportsTheReplicaNodesAsTopology() {
    String name = newName();
    CreateVolumeResponse resp =
        h.stub()
            .createVolume(
                h.createRequest(
                        name,
                        GIB,
                        h.params(
                            "linstor.csi.linbit.com/allowRemoteVolumeAccess", "false",
                            "linstor.csi.linbit.com/placementCount", "2"))
                    .build());
    List<String> reported =
        resp.getVolume().getAccessibleTopologyList().stream()
            .map(t -> t.getSegmentsMap().get("linbit.com/hostname"))
            .sorted()
            .toList();
    assertThat(reported).isEqualTo(nodesOf(name)).hasSize(2);
  }

  @Test
  void remoteAccess_reportsNoTopologyRestriction() {
    assertThat(h.create(newName(), GIB).getVolume().getAccessibleTopologyList()).isEmpty();
  }

  @Test
  void namedResourceGroupThatDoesNotExist_isCreatedWithTheSettings() {
    String group = "csi-test-" + Long.toHexString(System.nanoTime());
    String name = newName();
    h.stub()
        .createVolume(
            h.createRequest(
                    name,
                    GIB,
                    h.params(
                        "linstor.csi.linbit.com/resourceGroup",
                        group,
                        "linstor.csi.linbit.com/placementCount",
                        "2"))
                .build());
    assertThat(h.client.resourceGroups().get(group).selectFilter().placeCount()).isEqualTo(2);
    assertThat(h.client.resourceDefinitions().get(name).resourceGroupName()).isEqualTo(group);
  }

  @Test
  void retryAfterCrashBeforeTheCompletionMark_finishesTheVolume() {
    // First attempt: LINSTOR made definition and replica, then the driver died.
    String name = newName();
    h.create(name, GIB);
    h.client
        .resourceDefinitions()
        .modifyProps(name, Map.of(), List.of("Aux/csi-provisioning-completed-by"));
    CreateVolumeResponse retried = h.create(name, GIB);
    assertThat(retried.getVolume().getCapacityBytes()).isEqualTo(GIB);
    assertThat(h.client.resourceDefinitions().get(name).props())
        .containsKey("Aux/csi-provisioning-completed-by");
    assertThat(nodesOf(name)).hasSize(1);
  }

  @Test
  void retryAfterCrashAfterSpawningDefinitionsOnly_placesAndFinishes() {
    String name = newName();
    // A first attempt to learn the group name, then a second volume spawned without replicas.
    String rg =
        h.client
            .resourceDefinitions()
            .get(h.create(newName(), GIB).getVolume().getVolumeId())
            .resourceGroupName();
    h.client
        .resourceGroups()
        .spawn(
            rg,
            new ResourceGroupSpawn(name, null, List.of(GIB / 1024), null, true, true, null, null));
    CreateVolumeResponse retried = h.create(name, GIB);
    assertThat(retried.getVolume().getVolumeId()).isEqualTo(name);
    assertThat(nodesOf(name)).hasSize(1);
  }

  @Test
  void retryAfterCrashWithDefinitionButNoVolumeDefinition_finishes() {
    String name = newName();
    String rg =
        h.client
            .resourceDefinitions()
            .get(h.create(newName(), GIB).getVolume().getVolumeId())
            .resourceGroupName();
    h.client
        .resourceDefinitions()
        .create(new ResourceDefinition(name, null, null, null, null, null, rg, null));
    CreateVolumeResponse retried = h.create(name, GIB);
    assertThat(retried.getVolume().getCapacityBytes()).isEqualTo(GIB);
    assertThat(nodesOf(name)).hasSize(1);
  }
}
