package io.linstorcsi.controller.it;

import static io.linstorcsi.controller.it.ControllerHarness.GIB;
import static io.linstorcsi.controller.it.ControllerHarness.codeOf;
import static io.linstorcsi.controller.it.ControllerHarness.newName;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.ControllerGetCapabilitiesRequest;
import csi.v1.ControllerPublishVolumeRequest;
import csi.v1.ControllerPublishVolumeResponse;
import csi.v1.ControllerServiceCapability;
import csi.v1.ControllerUnpublishVolumeRequest;
import csi.v1.CreateVolumeResponse;
import csi.v1.VolumeCapability.AccessMode.Mode;
import io.grpc.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ControllerPublishVolume with {@code readonly}: offered as PUBLISH_READONLY, remembered per node
 * so that a publish with the other flag is ALREADY_EXISTS, and handed to the node in the publish
 * context.
 */
class ReadOnlyPublishTest {
  private static final String READONLY_KEY = "linstor.csi.linbit.com/readonly";

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
      CreateVolumeResponse v, String node, boolean readOnly) {
    return h.stub()
        .controllerPublishVolume(
            ControllerPublishVolumeRequest.newBuilder()
                .setVolumeId(v.getVolume().getVolumeId())
                .setNodeId(node)
                .setVolumeCapability(ControllerHarness.block(Mode.SINGLE_NODE_WRITER))
                .setReadonly(readOnly)
                .putAllVolumeContext(v.getVolume().getVolumeContextMap())
                .build());
  }

  private static void unpublish(CreateVolumeResponse v, String node) {
    h.stub()
        .controllerUnpublishVolume(
            ControllerUnpublishVolumeRequest.newBuilder()
                .setVolumeId(v.getVolume().getVolumeId())
                .setNodeId(node)
                .build());
  }

  private static String replicaNode(CreateVolumeResponse v) {
    return h.client.resources().list(v.getVolume().getVolumeId()).get(0).nodeName();
  }

  @Test
  void capabilities_offerPublishReadonly() {
    assertThat(
            h.stub()
                .controllerGetCapabilities(ControllerGetCapabilitiesRequest.getDefaultInstance())
                .getCapabilitiesList())
        .extracting(c -> c.getRpc().getType())
        .contains(ControllerServiceCapability.RPC.Type.PUBLISH_READONLY);
  }

  @Test
  void publishReadonly_tellsTheNode_idempotently() {
    CreateVolumeResponse v = h.create(newName(), GIB);
    String node = replicaNode(v);
    ControllerPublishVolumeResponse first = publish(v, node, true);
    assertThat(first.getPublishContextMap()).containsEntry(READONLY_KEY, "true");
    assertThat(publish(v, node, true)).isEqualTo(first);
  }

  @Test
  void publishReadWrite_carriesNoReadonlyMark() {
    CreateVolumeResponse v = h.create(newName(), GIB);
    assertThat(publish(v, replicaNode(v), false).getPublishContextMap())
        .doesNotContainKey(READONLY_KEY);
  }

  @Test
  void publishedReadWrite_thenReadonlyOnTheSameNode_isAlreadyExists() {
    // CSI spec, ControllerPublishVolume: "Volume published but is incompatible" -> ALREADY_EXISTS
    CreateVolumeResponse v = h.create(newName(), GIB);
    String node = replicaNode(v);
    publish(v, node, false);
    assertThat(codeOf(() -> publish(v, node, true))).isEqualTo(Status.Code.ALREADY_EXISTS);
  }

  @Test
  void publishedReadonly_thenReadWrite_isAlreadyExists_untilUnpublished() {
    CreateVolumeResponse v = h.create(newName(), GIB);
    String node = replicaNode(v);
    publish(v, node, true);
    assertThat(codeOf(() -> publish(v, node, false))).isEqualTo(Status.Code.ALREADY_EXISTS);
    unpublish(v, node);
    assertThat(publish(v, node, false).getPublishContextMap()).doesNotContainKey(READONLY_KEY);
  }

  @Test
  void publishReadonly_elsewhere_attachesDisklessly_andUnpublishRemovesIt() {
    CreateVolumeResponse v = h.create(newName(), GIB);
    String vol = v.getVolume().getVolumeId();
    String replica = replicaNode(v);
    String other =
        h.target.nodes(h.client).stream()
            .filter(
                n -> h.client.resources().list(vol).stream().noneMatch(r -> r.nodeName().equals(n)))
            .findFirst()
            .orElseThrow();
    assertThat(publish(v, other, true).getPublishContextMap()).containsEntry(READONLY_KEY, "true");
    unpublish(v, other);
    assertThat(h.client.resources().list(vol))
        .extracting(r -> r.nodeName())
        .containsExactly(replica);
  }
}
