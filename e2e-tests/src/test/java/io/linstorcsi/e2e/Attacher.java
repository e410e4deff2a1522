package io.linstorcsi.e2e;

import csi.v1.ControllerPublishVolumeRequest;
import csi.v1.ControllerPublishVolumeResponse;
import csi.v1.ControllerUnpublishVolumeRequest;

/**
 * external-attacher: a VolumeAttachment becomes ControllerPublishVolume with the node id from the
 * node's CSINode entry; the publish context it returns is stored in the VolumeAttachment and handed
 * to kubelet.
 */
final class Attacher {
  private final Cluster cluster;
  private final DriverFacts facts;
  private final Undo undo;

  Attacher(Cluster cluster, DriverFacts facts, Undo undo) {
    this.cluster = cluster;
    this.facts = facts;
    this.undo = undo;
  }

  Attachment attach(Pv pv, String node) {
    ControllerPublishVolumeRequest request = request(pv, node);
    return accept(pv, node, cluster.controller().controllerPublishVolume(request));
  }

  /** ControllerPublishVolume for a PersistentVolume with {@code readOnly: true}. */
  Attachment attachReadOnly(Pv pv, String node) {
    ControllerPublishVolumeRequest request =
        request(pv, node).toBuilder().setReadonly(true).build();
    return accept(pv, node, cluster.controller().controllerPublishVolume(request));
  }

  /** The request the sidecar sends, again on every retry. */
  ControllerPublishVolumeRequest request(Pv pv, String node) {
    return ControllerPublishVolumeRequest.newBuilder()
        .setVolumeId(pv.id())
        .setNodeId(facts.nodeId(node))
        .setVolumeCapability(pv.capability())
        .setReadonly(false)
        .putAllVolumeContext(pv.volume().getVolumeContextMap())
        .build();
  }

  Attachment accept(Pv pv, String node, ControllerPublishVolumeResponse response) {
    Attachment a = new Attachment(pv, node, facts.nodeId(node), response.getPublishContextMap());
    undo.register(a, "ControllerUnpublishVolume " + pv.id() + " from " + node, () -> detach(a));
    return a;
  }

  void detach(Attachment a) {
    cluster.controller().controllerUnpublishVolume(unpublishRequest(a));
    undo.forget(a);
  }

  ControllerUnpublishVolumeRequest unpublishRequest(Attachment a) {
    return ControllerUnpublishVolumeRequest.newBuilder()
        .setVolumeId(a.pv().id())
        .setNodeId(a.nodeId())
        .build();
  }
}
