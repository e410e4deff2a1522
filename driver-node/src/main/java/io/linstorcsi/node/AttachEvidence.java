package io.linstorcsi.node;

import io.linstorcsi.common.CsiError;
import java.util.Map;

/**
 * The controller's single-attach decision as the node sees it: a successful ControllerPublishVolume
 * names the node it attached the volume to in the publish context, and kubelet hands that context
 * to NodeStageVolume. Only that decision was made with LINSTOR's view of every node; DRBD on this
 * node cannot know whether an unreachable peer is still Primary, so promoting without it can make a
 * split brain.
 */
final class AttachEvidence {
  private AttachEvidence() {}

  /** Refuses unless the publish context says the volume was attached to {@code nodeName}. */
  static void require(String volumeId, String nodeName, Map<String, String> publishContext) {
    String attached = publishContext.get(PublishContextKeys.ATTACHED_NODE);
    if (attached == null || attached.isEmpty()) {
      throw CsiError.failedPrecondition(
          "volume "
              + volumeId
              + " is a DRBD volume and its publish context has no "
              + PublishContextKeys.ATTACHED_NODE
              + ": no successful ControllerPublishVolume attached it to node "
              + nodeName
              + ", so this node will not make it Primary (another node may still use it)."
              + " An attachment made by an older driver lacks the key: detach the volume and"
              + " attach it again");
    }
    if (!attached.equals(nodeName)) {
      throw CsiError.failedPrecondition(
          "volume "
              + volumeId
              + " was attached to node "
              + attached
              + " by ControllerPublishVolume, not to this node "
              + nodeName
              + "; it cannot be staged here");
    }
  }
}
