package io.linstorcsi.node;

import io.linstorcsi.common.CsiError;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's single-attach decision as the node sees it: a successful ControllerPublishVolume
 * names the node it attached the volume to in the publish context, and kubelet hands that context
 * to NodeStageVolume. Only that decision was made with LINSTOR's view of every node; DRBD on this
 * node cannot know whether an unreachable peer is still Primary, so promoting without it can make a
 * split brain.
 *
 * <p>An attachment made by an older driver (or Piraeus' Go driver) carries no evidence, and kubelet
 * keeps using its publish context until the volume is detached. Refusing those outright would stop
 * every pod restart after an upgrade, so they are accepted while every DRBD peer is connected: then
 * DRBD itself refuses a second Primary. With a peer unreachable they are refused, which is the case
 * that makes a split brain.
 */
final class AttachEvidence {
  private static final Logger log = LoggerFactory.getLogger(AttachEvidence.class);

  private AttachEvidence() {}

  /**
   * Refuses unless the publish context says the volume was attached to {@code nodeName}, or it has
   * no evidence at all and {@code unconnectedPeer} is empty (every peer connected).
   */
  static void require(
      String volumeId,
      String nodeName,
      Map<String, String> publishContext,
      Optional<String> unconnectedPeer) {
    String attached = publishContext.get(PublishContextKeys.ATTACHED_NODE);
    if (attached == null || attached.isEmpty()) {
      if (unconnectedPeer.isEmpty()) {
        log.warn(
            "{}: publish context without {} (attached by an older driver); staging on {} because"
                + " every DRBD peer is connected, so DRBD refuses a second Primary itself",
            volumeId,
            PublishContextKeys.ATTACHED_NODE,
            nodeName);
        return;
      }
      throw CsiError.failedPrecondition(
          "volume "
              + volumeId
              + " is a DRBD volume and its publish context has no "
              + PublishContextKeys.ATTACHED_NODE
              + ": no successful ControllerPublishVolume attached it to node "
              + nodeName
              + ", and "
              + unconnectedPeer.get()
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
