package io.linstorcsi.controller.provisioning;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.controller.ids.VolumeId;
import io.linstorcsi.controller.params.RemoteAccessPolicy;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.ListFilter;
import io.linstorcsi.linstor.error.ApiCallRc;
import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.error.RetCode;
import io.linstorcsi.linstor.model.Resource;
import io.linstorcsi.linstor.model.ResourceCreate;
import io.linstorcsi.linstor.model.ResourceWithVolumes;
import io.linstorcsi.linstor.model.Volume;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ControllerPublish/Unpublish: make the volume reachable on a node and tell the node its device.
 * Where remote access is allowed a diskless resource is created (a no-op where a replica is
 * already), marked so that unpublish removes it and nothing else.
 */
public final class Attachments {

  /**
   * Returns the device path on {@code node}.
   *
   * @param policy from the volume context; where absent the Go driver's behaviour (anywhere)
   * @param singleNode whether the access mode lets only one node use the volume at a time
   * @param readOnly the request's {@code readonly} flag, recorded on the node's resource
   */
  public String publish(
      LinstorClient client,
      VolumeId id,
      String node,
      RemoteAccessPolicy policy,
      boolean rwxBlock,
      boolean singleNode,
      boolean readOnly) {
    // checked after attaching, from the same read that finds the device: an attachment that exists
    // already is left as it is either way, and a refused publish must not remove it
    Attached attached = attach(client, id, node, policy, rwxBlock, singleNode, readOnly);
    PublishMode.requireCompatible(attached.readOnly(), id, node, readOnly);
    if (attached.readOnly().isEmpty()) {
      PublishMode.record(client, id, node, readOnly);
    }
    return attached.devicePath();
  }

  /** The node's device and the read-only flag an earlier publish recorded on its resource. */
  private record Attached(String devicePath, Optional<Boolean> readOnly) {}

  private Attached attach(
      LinstorClient client,
      VolumeId id,
      String node,
      RemoteAccessPolicy policy,
      boolean rwxBlock,
      boolean singleNode,
      boolean readOnly) {
    String rd = id.resourceName();
    if (rwxBlock) {
      client
          .resourceDefinitions()
          .modifyProps(rd, Map.of(Props.ALLOW_TWO_PRIMARIES, "yes"), List.of());
    }
    if (policy.allowsAnywhere()) {
      ResourceCreate diskless =
          new ResourceCreate(
              Resource.of(
                  node,
                  Map.of(
                      Props.TEMPORARY_DISKLESS,
                      "true",
                      Props.PUBLISHED_READONLY,
                      Boolean.toString(readOnly)),
                  List.of("DRBD_DISKLESS")),
              null,
              null);
      try {
        client.resources().create(rd, diskless);
      } catch (LinstorException.NotFound e) {
        throw notFound(e, id, node);
      } catch (LinstorException.Invalid e) {
        throw CsiError.failedPrecondition(
            "volume "
                + id
                + " has no replica on node "
                + node
                + " and LINSTOR cannot attach it disklessly there: "
                + e.getMessage());
      }
      try {
        return devicePath(client, id, node, singleNode);
      } catch (CsiError refused) {
        // do not leave behind the diskless attachment this call may have just made
        unpublish(client, id, node);
        throw refused;
      }
    }
    try {
      return devicePath(client, id, node, singleNode);
    } catch (LinstorException.NotFound e) {
      throw notFound(e, id, node);
    }
  }

  /**
   * The device on {@code node}, from one read of all the definition's resources: the same answer
   * also tells whether another node has the volume open, which a single-node access mode forbids.
   */
  private static Attached devicePath(
      LinstorClient client, VolumeId id, String node, boolean singleNode) {
    List<ResourceWithVolumes> all =
        client.resources().view(ListFilter.all().resources(id.resourceName()));
    boolean grouped = sharesResource(all, id);
    if (singleNode || grouped) {
      for (ResourceWithVolumes other : all) {
        boolean inUse = other.state() != null && Boolean.TRUE.equals(other.state().inUse());
        if (inUse && !other.nodeName().equals(node) && grouped) {
          // DRBD promotes a resource with all its volumes: while any member of a consistency
          // group is Primary on one node, no member can be used on another.
          throw CsiError.failedPrecondition(
              "volume "
                  + id
                  + " shares its DRBD resource with the other members of its consistency group,"
                  + " and that resource is in use (Primary) on node "
                  + other.nodeName()
                  + "; all members of a group must be used on one node");
        }
        if (inUse && !other.nodeName().equals(node)) {
          // CSI spec, ControllerPublishVolume: published at another node without a MULTI_NODE
          // capability -> FAILED_PRECONDITION.
          throw CsiError.failedPrecondition(
              "volume "
                  + id
                  + " is in use on node "
                  + other.nodeName()
                  + " and its access mode allows one node only; detach it there first");
        }
      }
    }
    Optional<ResourceWithVolumes> mine =
        all.stream().filter(r -> r.nodeName().equals(node)).findFirst();
    Volume v =
        mine.stream()
            .flatMap(r -> r.volumes().stream())
            .filter(vol -> vol.volumeNumber() != null && vol.volumeNumber() == id.volumeNumber())
            .findFirst()
            .orElse(null);
    if (v == null) {
      // LINSTOR names the missing resource either way; tell an unknown volume or node apart.
      if (VolumeLookup.find(client, id).isEmpty()) {
        throw CsiError.notFound("volume " + id + " does not exist");
      }
      try {
        client.nodes().get(node);
      } catch (LinstorException.NotFound missingNode) {
        throw CsiError.notFound("node " + node + " is not a LINSTOR node");
      }
      throw CsiError.failedPrecondition(
          "volume "
              + id
              + " has no replica on node "
              + node
              + " and its StorageClass does not allow remote access (allowRemoteVolumeAccess);"
              + " schedule the workload on a node with a replica");
    }
    if (v.devicePath() == null || v.devicePath().isEmpty()) {
      throw CsiError.unavailable(
          "LINSTOR has not reported the device of " + id + " on " + node + " yet; retry", null);
    }
    return new Attached(v.devicePath(), mine.flatMap(PublishMode::recorded));
  }

  /** Whether the volume's resource holds volumes of other consistency-group members. */
  private static boolean sharesResource(List<ResourceWithVolumes> all, VolumeId id) {
    return all.stream()
        .flatMap(r -> r.volumes() == null ? java.util.stream.Stream.empty() : r.volumes().stream())
        .anyMatch(v -> v.volumeNumber() != null && v.volumeNumber() != id.volumeNumber());
  }

  private static RuntimeException notFound(LinstorException e, VolumeId id, String node) {
    if (is(e, RetCode.FAIL_NOT_FOUND_NODE)) {
      return CsiError.notFound("node " + node + " is not a LINSTOR node");
    }
    if (is(e, RetCode.FAIL_NOT_FOUND_RSC_DFN)) {
      return CsiError.notFound("volume " + id + " does not exist");
    }
    return e;
  }

  static boolean is(LinstorException e, RetCode code) {
    for (ApiCallRc rc : e.replies()) {
      if (rc.isError() && code.matches(rc.retCode())) {
        return true;
      }
    }
    return false;
  }

  /** Removes the node's resource only if publish created it as a diskless attachment. */
  public void unpublish(LinstorClient client, VolumeId id, String node) {
    Resource r;
    try {
      r = client.resources().get(id.resourceName(), node);
    } catch (LinstorException.NotFound e) {
      // CSI spec, ControllerUnpublishVolume: not published -> success.
      return;
    }
    boolean ours = r.props() != null && "true".equals(r.props().get(Props.TEMPORARY_DISKLESS));
    if (!ours || !Resources.isDiskless(r.flags())) {
      if (r.props() != null && r.props().containsKey(Props.PUBLISHED_READONLY)) {
        PublishMode.forget(client, id, node);
      }
      return;
    }
    try {
      client.resources().delete(id.resourceName(), node);
    } catch (LinstorException.NotFound e) {
      // gone already
    }
  }
}
