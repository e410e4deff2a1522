package io.linstorcsi.controller.provisioning;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.controller.ids.VolumeId;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.model.ResourceModify;
import io.linstorcsi.linstor.model.ResourceWithVolumes;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read-only flag of a node's publish, kept as a property of that node's resource: CSI asks that
 * a second publish to the same node with the other flag be refused, and LINSTOR is the only state
 * the controller has that survives a restart.
 */
final class PublishMode {
  private PublishMode() {}

  /** The flag an earlier publish recorded on the node's resource, if any. */
  static Optional<Boolean> recorded(ResourceWithVolumes resource) {
    return Optional.ofNullable(resource.props().get(Props.PUBLISHED_READONLY))
        .map(Boolean::parseBoolean);
  }

  /**
   * Refuses a publish whose flag differs from the recorded one. CSI spec, ControllerPublishVolume:
   * published at the node "but is incompatible with the specified volume_capability or readonly
   * flag" -> ALREADY_EXISTS.
   */
  static void requireCompatible(Optional<Boolean> recorded, VolumeId id, String node, boolean ro) {
    if (recorded.isPresent() && recorded.get() != ro) {
      throw CsiError.alreadyExists(
          "volume "
              + id
              + " is published to node "
              + node
              + (recorded.get() ? " read-only" : " read-write")
              + "; unpublish it there before publishing it"
              + (ro ? " read-only" : " read-write"));
    }
  }

  static void record(LinstorClient client, VolumeId id, String node, boolean readOnly) {
    client
        .resources()
        .modify(
            id.resourceName(),
            node,
            ResourceModify.props(
                Map.of(Props.PUBLISHED_READONLY, Boolean.toString(readOnly)), List.of()));
  }

  /** Forgets the flag of a resource that outlives the publish (a replica, not an attachment). */
  static void forget(LinstorClient client, VolumeId id, String node) {
    try {
      client
          .resources()
          .modify(
              id.resourceName(),
              node,
              ResourceModify.props(Map.of(), List.of(Props.PUBLISHED_READONLY)));
    } catch (LinstorException.NotFound e) {
      // gone meanwhile: nothing left to forget
    }
  }
}
