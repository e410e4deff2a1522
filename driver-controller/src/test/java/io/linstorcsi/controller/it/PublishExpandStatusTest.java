package io.linstorcsi.controller.it;

import static io.linstorcsi.controller.it.ControllerHarness.GIB;
import static io.linstorcsi.controller.it.ControllerHarness.codeOf;
import static io.linstorcsi.controller.it.ControllerHarness.newName;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.CapacityRange;
import csi.v1.ControllerExpandVolumeRequest;
import csi.v1.ControllerExpandVolumeResponse;
import csi.v1.ControllerGetCapabilitiesRequest;
import csi.v1.ControllerGetVolumeRequest;
import csi.v1.ControllerGetVolumeResponse;
import csi.v1.ControllerPublishVolumeRequest;
import csi.v1.ControllerPublishVolumeResponse;
import csi.v1.ControllerServiceCapability;
import csi.v1.ControllerUnpublishVolumeRequest;
import csi.v1.CreateVolumeResponse;
import csi.v1.GetCapacityRequest;
import csi.v1.ListVolumesRequest;
import csi.v1.ListVolumesResponse;
import csi.v1.Topology;
import csi.v1.ValidateVolumeCapabilitiesRequest;
import csi.v1.VolumeCapability.AccessMode.Mode;
import io.grpc.Status;
import io.linstorcsi.linstor.model.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PublishExpandStatusTest {
  static ControllerHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = ControllerHarness.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  private static ControllerPublishVolumeResponse publish(
      String vol, String node, Map<String, String> volumeContext) {
    return h.stub()
        .controllerPublishVolume(
            ControllerPublishVolumeRequest.newBuilder()
                .setVolumeId(vol)
                .setNodeId(node)
                .setVolumeCapability(ControllerHarness.mountRwo())
                .putAllVolumeContext(volumeContext)
                .build());
  }

  private static void unpublish(String vol, String node) {
    h.stub()
        .controllerUnpublishVolume(
            ControllerUnpublishVolumeRequest.newBuilder().setVolumeId(vol).setNodeId(node).build());
  }

  private static Resource resourceOn(String vol, String node) {
    return h.client.resources().list(vol).stream()
        .filter(r -> r.nodeName().equals(node))
        .findFirst()
        .orElse(null);
  }

  private static String replicaNode(String vol) {
    return h.client.resources().list(vol).get(0).nodeName();
  }

  private static String otherNode(String vol) {
    List<String> nodes = new ArrayList<>(h.target.nodes(h.client));
    h.client.resources().list(vol).forEach(r -> nodes.remove(r.nodeName()));
    return nodes.get(0);
  }

  @Test
  void capabilities_listWhatTheDriverDoes() {
    List<ControllerServiceCapability.RPC.Type> types =
        h
            .stub()
            .controllerGetCapabilities(ControllerGetCapabilitiesRequest.getDefaultInstance())
            .getCapabilitiesList()
            .stream()
            .map(c -> c.getRpc().getType())
            .toList();
    assertThat(types)
        .contains(
            ControllerServiceCapability.RPC.Type.CREATE_DELETE_VOLUME,
            ControllerServiceCapability.RPC.Type.PUBLISH_UNPUBLISH_VOLUME,
            ControllerServiceCapability.RPC.Type.CLONE_VOLUME,
            ControllerServiceCapability.RPC.Type.EXPAND_VOLUME,
            ControllerServiceCapability.RPC.Type.VOLUME_CONDITION,
            ControllerServiceCapability.RPC.Type.SINGLE_NODE_MULTI_WRITER,
            ControllerServiceCapability.RPC.Type.PUBLISH_READONLY,
            ControllerServiceCapability.RPC.Type.MODIFY_VOLUME)
        .hasSize(14);
  }

  @Test
  void publish_onReplicaNode_returnsTheDevicePath_idempotently() {
    CreateVolumeResponse v = h.create(newName(), GIB);
    String vol = v.getVolume().getVolumeId();
    String node = replicaNode(vol);
    ControllerPublishVolumeResponse first = publish(vol, node, v.getVolume().getVolumeContextMap());
    assertThat(first.getPublishContextMap())
        .containsEntry("linstor.csi.linbit.com/fs-type", "ext4")
        .containsEntry("linstor.csi.linbit.com/attached-node", node)
        .containsKey("linstor.csi.linbit.com/device-path");
    assertThat(first.getPublishContextMap().get("linstor.csi.linbit.com/device-path"))
        .startsWith("/dev/");
    assertThat(publish(vol, node, v.getVolume().getVolumeContextMap())).isEqualTo(first);
    unpublish(vol, node);
    assertThat(resourceOn(vol, node)).as("replica stays").isNotNull();
  }

  @Test
  void publish_elsewhereWithRemoteAccess_attachesDisklessly_andUnpublishRemovesIt() {
    CreateVolumeResponse v = h.create(newName(), GIB);
    String vol = v.getVolume().getVolumeId();
    String node = otherNode(vol);
    ControllerPublishVolumeResponse r = publish(vol, node, v.getVolume().getVolumeContextMap());
    assertThat(r.getPublishContextMap().get("linstor.csi.linbit.com/device-path"))
        .startsWith("/dev/");
    assertThat(r.getPublishContextMap())
        .as("the node's evidence that the controller attached the volume to it")
        .containsEntry("linstor.csi.linbit.com/attached-node", node);
    Resource attached = resourceOn(vol, node);
    assertThat(attached).isNotNull();
    assertThat(attached.flags()).contains("DRBD_DISKLESS");
    publish(vol, node, v.getVolume().getVolumeContextMap());
    unpublish(vol, node);
    assertThat(resourceOn(vol, node)).isNull();
    unpublish(vol, node);
  }

  @Test
  void publish_elsewhereWithLocalAccessOnly_isFailedPrecondition() {
    CreateVolumeResponse v =
        h.stub()
            .createVolume(
                h.createRequest(
                        newName(),
                        GIB,
                        h.params("linstor.csi.linbit.com/allowRemoteVolumeAccess", "false"))
                    .build());
    String vol = v.getVolume().getVolumeId();
    assertThat(codeOf(() -> publish(vol, otherNode(vol), v.getVolume().getVolumeContextMap())))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(
            publish(vol, replicaNode(vol), v.getVolume().getVolumeContextMap())
                .getPublishContextCount())
        .isPositive();
  }

  @Test
  void publish_unknownVolumeOrNode_isNotFound() {
    String vol = h.create(newName(), GIB).getVolume().getVolumeId();
    assertThat(codeOf(() -> publish(newName(), "node-a", Map.of())))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(codeOf(() -> publish(vol, "no-such-node", Map.of())))
        .isEqualTo(Status.Code.NOT_FOUND);
    Map<String, String> localOnly = Map.of("linstor.csi.linbit.com/remote-access-policy", "false");
    assertThat(codeOf(() -> publish(newName(), "node-a", localOnly)))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(codeOf(() -> publish(vol, "no-such-node", localOnly)))
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void unpublish_leavesResourcesItDidNotCreate() {
    String vol = h.create(newName(), GIB).getVolume().getVolumeId();
    String node = otherNode(vol);
    // A diskless resource someone else made (no marker): not ours to remove.
    h.client
        .resources()
        .create(vol, io.linstorcsi.linstor.model.ResourceCreate.diskless(node, null));
    unpublish(vol, node);
    assertThat(resourceOn(vol, node)).isNotNull();
  }

  @Test
  void expand_growsTheVolume_andAsksTheNodeForMountVolumes() {
    String vol = h.create(newName(), GIB).getVolume().getVolumeId();
    ControllerExpandVolumeResponse r =
        h.stub()
            .controllerExpandVolume(
                ControllerExpandVolumeRequest.newBuilder()
                    .setVolumeId(vol)
                    .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(2 * GIB))
                    .setVolumeCapability(ControllerHarness.mountRwo())
                    .build());
    assertThat(r.getCapacityBytes()).isEqualTo(2 * GIB);
    assertThat(r.getNodeExpansionRequired()).isTrue();
    assertThat(h.client.volumeDefinitions().get(vol, 0).sizeKib()).isEqualTo(2 * GIB / 1024);
    ControllerExpandVolumeResponse block =
        h.stub()
            .controllerExpandVolume(
                ControllerExpandVolumeRequest.newBuilder()
                    .setVolumeId(vol)
                    .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(GIB))
                    .setVolumeCapability(ControllerHarness.block(Mode.SINGLE_NODE_WRITER))
                    .build());
    assertThat(block.getCapacityBytes()).as("never shrinks").isEqualTo(2 * GIB);
    assertThat(block.getNodeExpansionRequired()).isFalse();
    assertThat(
            codeOf(
                () ->
                    h.stub()
                        .controllerExpandVolume(
                            ControllerExpandVolumeRequest.newBuilder()
                                .setVolumeId(newName())
                                .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(GIB))
                                .build())))
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void getVolume_reportsPublishedNodesAndHealth() {
    CreateVolumeResponse v = h.create(newName(), GIB);
    String vol = v.getVolume().getVolumeId();
    String node = otherNode(vol);
    publish(vol, node, v.getVolume().getVolumeContextMap());
    ControllerGetVolumeResponse r =
        h.stub()
            .controllerGetVolume(ControllerGetVolumeRequest.newBuilder().setVolumeId(vol).build());
    assertThat(r.getVolume().getCapacityBytes()).isEqualTo(GIB);
    assertThat(r.getStatus().getPublishedNodeIdsList()).contains(node, replicaNode(vol));
    assertThat(r.getStatus().getVolumeCondition().getAbnormal()).isFalse();
    assertThat(
            codeOf(
                () ->
                    h.stub()
                        .controllerGetVolume(
                            ControllerGetVolumeRequest.newBuilder()
                                .setVolumeId(newName())
                                .build())))
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void listVolumes_pagesThroughEveryVolume() {
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      made.add(h.create(newName(), GIB).getVolume().getVolumeId());
    }
    List<String> seen = new ArrayList<>();
    String token = "";
    do {
      ListVolumesResponse page =
          h.stub()
              .listVolumes(
                  ListVolumesRequest.newBuilder().setMaxEntries(2).setStartingToken(token).build());
      assertThat(page.getEntriesCount()).isLessThanOrEqualTo(2);
      page.getEntriesList().forEach(e -> seen.add(e.getVolume().getVolumeId()));
      token = page.getNextToken();
    } while (!token.isEmpty());
    assertThat(seen).containsAll(made).doesNotHaveDuplicates();
    assertThat(
            codeOf(
                () ->
                    h.stub()
                        .listVolumes(
                            ListVolumesRequest.newBuilder().setStartingToken("x").build())))
        .isEqualTo(Status.Code.ABORTED);
  }

  @Test
  void validateVolumeCapabilities_confirmsSupportedAndRejectsOthers() {
    String vol = h.create(newName(), GIB).getVolume().getVolumeId();
    var ok =
        h.stub()
            .validateVolumeCapabilities(
                ValidateVolumeCapabilitiesRequest.newBuilder()
                    .setVolumeId(vol)
                    .addVolumeCapabilities(ControllerHarness.mountRwo())
                    .build());
    assertThat(ok.hasConfirmed()).isTrue();
    var no =
        h.stub()
            .validateVolumeCapabilities(
                ValidateVolumeCapabilitiesRequest.newBuilder()
                    .setVolumeId(vol)
                    .addVolumeCapabilities(
                        ControllerHarness.mount(Mode.MULTI_NODE_MULTI_WRITER, "ext4"))
                    .build());
    assertThat(no.hasConfirmed()).isFalse();
    assertThat(no.getMessage()).isNotEmpty();
    assertThat(
            codeOf(
                () ->
                    h.stub()
                        .validateVolumeCapabilities(
                            ValidateVolumeCapabilitiesRequest.newBuilder()
                                .setVolumeId(newName())
                                .addVolumeCapabilities(ControllerHarness.mountRwo())
                                .build())))
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void getCapacity_perNodeAndPool() {
    String node = h.target.nodes(h.client).get(0);
    long perNode =
        h.stub()
            .getCapacity(
                GetCapacityRequest.newBuilder()
                    .putAllParameters(
                        h.params("linstor.csi.linbit.com/allowRemoteVolumeAccess", "false"))
                    .setAccessibleTopology(
                        Topology.newBuilder()
                            .putSegments("linbit.com/hostname", node)
                            .putSegments("linbit.com/sp-" + h.target.pool(), "true"))
                    .build())
            .getAvailableCapacity();
    long pool = h.client.storagePools().get(node, h.target.pool()).freeCapacity() * 1024;
    assertThat(perNode).isEqualTo(pool).isPositive();
    long otherPool =
        h.stub()
            .getCapacity(
                GetCapacityRequest.newBuilder()
                    .putAllParameters(
                        h.params("linstor.csi.linbit.com/storagePool", "no-such-pool"))
                    .setAccessibleTopology(
                        Topology.newBuilder().putSegments("linbit.com/hostname", node))
                    .build())
            .getAvailableCapacity();
    assertThat(otherPool).isZero();
  }
}
