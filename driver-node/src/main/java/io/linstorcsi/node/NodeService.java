package io.linstorcsi.node;

import csi.v1.NodeExpandVolumeRequest;
import csi.v1.NodeExpandVolumeResponse;
import csi.v1.NodeGetCapabilitiesRequest;
import csi.v1.NodeGetCapabilitiesResponse;
import csi.v1.NodeGetInfoRequest;
import csi.v1.NodeGetInfoResponse;
import csi.v1.NodeGetVolumeStatsRequest;
import csi.v1.NodeGetVolumeStatsResponse;
import csi.v1.NodeGrpc;
import csi.v1.NodePublishVolumeRequest;
import csi.v1.NodePublishVolumeResponse;
import csi.v1.NodeServiceCapability;
import csi.v1.NodeStageVolumeRequest;
import csi.v1.NodeStageVolumeResponse;
import csi.v1.NodeUnpublishVolumeRequest;
import csi.v1.NodeUnpublishVolumeResponse;
import csi.v1.NodeUnstageVolumeRequest;
import csi.v1.NodeUnstageVolumeResponse;
import csi.v1.Topology;
import io.grpc.stub.StreamObserver;
import io.linstorcsi.common.CsiError;
import io.linstorcsi.common.InFlight;
import io.linstorcsi.common.Rpc;
import io.linstorcsi.node.drbd.Drbd;
import io.linstorcsi.node.exec.CommandFailedException;
import io.linstorcsi.node.exec.CommandRunner;
import io.linstorcsi.node.exec.Deadlines;
import io.linstorcsi.node.host.Formatter;
import io.linstorcsi.node.host.MountTable;
import io.linstorcsi.node.host.Mounter;
import io.linstorcsi.node.host.PathGuard;
import io.linstorcsi.node.host.ReadOnlyLoops;
import io.linstorcsi.node.host.Resizer;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The CSI Node service. Each RPC validates, acts through one collaborator, and answers; every RPC
 * ends in {@link Rpc#unary} so no failure reaches kubelet as UNKNOWN. Calls on the same volume id
 * do not overlap: the second gets ABORTED.
 *
 * <p>Lifecycle: {@link #start()} begins following DRBD events (split-brain evidence); {@link
 * #close()} stops that.
 */
public final class NodeService extends NodeGrpc.NodeImplBase implements AutoCloseable {
  private static final NodeGetCapabilitiesResponse CAPABILITIES =
      capabilities(
          NodeServiceCapability.RPC.Type.STAGE_UNSTAGE_VOLUME,
          NodeServiceCapability.RPC.Type.GET_VOLUME_STATS,
          NodeServiceCapability.RPC.Type.EXPAND_VOLUME,
          NodeServiceCapability.RPC.Type.VOLUME_CONDITION,
          NodeServiceCapability.RPC.Type.SINGLE_NODE_MULTI_WRITER);

  private final NodeConfig config;
  private final NodeTopology topology;
  private final PathGuard paths;
  private final Drbd drbd;
  private final Stager stager;
  private final Publisher publisher;
  private final VolumeStats stats;
  private final Expander expander;
  private final InFlight inFlight = new InFlight();

  public NodeService(NodeConfig config, DeviceLocator locator, NodeTopology topology) {
    this.config = config;
    this.topology = topology;
    this.paths = new PathGuard(config.kubeletRoot());
    CommandRunner runner = new CommandRunner(config.commandTimeout());
    MountTable mounts = MountTable.ofThisProcess();
    Mounter mounter = new Mounter(runner, mounts);
    DeviceResolver devices = new DeviceResolver(locator, config.nodeName(), config.deviceWait());
    this.drbd = new Drbd(config.drbd(), runner);
    Resizer resizer = new Resizer(runner);
    this.stager =
        new Stager(
            config.nodeName(),
            devices,
            mounter,
            new Formatter(runner),
            drbd,
            runner,
            resizer,
            config.drbdWait());
    ReadOnlyLoops readOnlyLoops = new ReadOnlyLoops(runner, mounts);
    this.publisher = new Publisher(devices, mounter, readOnlyLoops);
    this.stats = new VolumeStats(mounts, runner, drbd);
    this.expander = new Expander(mounts, resizer, readOnlyLoops);
  }

  /** Starts the background work (the DRBD events follower, when DRBD is in use). */
  public void start() {
    drbd.start();
  }

  @Override
  public void close() {
    drbd.close();
  }

  @Override
  public void nodeStageVolume(
      NodeStageVolumeRequest req, StreamObserver<NodeStageVolumeResponse> out) {
    call(
        out,
        () -> {
          String id = Requests.volumeId(req.getVolumeId());
          Path staging = paths.check("staging_target_path", req.getStagingTargetPath());
          Access access = Access.of(req.getVolumeCapability());
          VolumeOptions options = VolumeOptions.parse(req.getVolumeContextMap());
          return exclusive(
              id,
              () -> {
                stager.stage(id, staging, access, options, req.getPublishContextMap());
                return NodeStageVolumeResponse.getDefaultInstance();
              });
        });
  }

  @Override
  public void nodeUnstageVolume(
      NodeUnstageVolumeRequest req, StreamObserver<NodeUnstageVolumeResponse> out) {
    call(
        out,
        () -> {
          String id = Requests.volumeId(req.getVolumeId());
          Path staging = paths.check("staging_target_path", req.getStagingTargetPath());
          return exclusive(
              id,
              () -> {
                stager.unstage(id, staging);
                return NodeUnstageVolumeResponse.getDefaultInstance();
              });
        });
  }

  @Override
  public void nodePublishVolume(
      NodePublishVolumeRequest req, StreamObserver<NodePublishVolumeResponse> out) {
    call(
        out,
        () -> {
          String id = Requests.volumeId(req.getVolumeId());
          Path target = paths.check("target_path", req.getTargetPath());
          Access access = Access.of(req.getVolumeCapability());
          boolean readOnly =
              req.getReadonly()
                  || access.readerOnly()
                  || "true".equals(req.getPublishContextMap().get(PublishContextKeys.READONLY));
          Optional<Path> staging =
              access instanceof Access.Mount
                  ? Optional.of(paths.check("staging_target_path", req.getStagingTargetPath()))
                  : Optional.empty();
          return exclusive(
              id,
              () -> {
                switch (access) {
                  case Access.Block b ->
                      publisher.publishBlock(id, req.getPublishContextMap(), target, readOnly);
                  case Access.Mount m ->
                      publisher.publishFilesystem(id, staging.orElseThrow(), target, readOnly);
                }
                return NodePublishVolumeResponse.getDefaultInstance();
              });
        });
  }

  @Override
  public void nodeUnpublishVolume(
      NodeUnpublishVolumeRequest req, StreamObserver<NodeUnpublishVolumeResponse> out) {
    call(
        out,
        () -> {
          String id = Requests.volumeId(req.getVolumeId());
          Path target = paths.check("target_path", req.getTargetPath());
          return exclusive(
              id,
              () -> {
                publisher.unpublish(id, target);
                return NodeUnpublishVolumeResponse.getDefaultInstance();
              });
        });
  }

  @Override
  public void nodeGetVolumeStats(
      NodeGetVolumeStatsRequest req, StreamObserver<NodeGetVolumeStatsResponse> out) {
    // no in-flight guard: stats only read, and kubelet asks while other calls may run
    call(
        out,
        () ->
            stats.stats(
                Requests.volumeId(req.getVolumeId()),
                paths.locate("volume_path", req.getVolumePath())));
  }

  @Override
  public void nodeExpandVolume(
      NodeExpandVolumeRequest req, StreamObserver<NodeExpandVolumeResponse> out) {
    call(
        out,
        () -> {
          String id = Requests.volumeId(req.getVolumeId());
          Path path = paths.locate("volume_path", req.getVolumePath());
          Optional<Path> staging =
              req.getStagingTargetPath().isEmpty()
                  ? Optional.empty()
                  : Optional.of(paths.check("staging_target_path", req.getStagingTargetPath()));
          long required = req.getCapacityRange().getRequiredBytes();
          return exclusive(
              id,
              () ->
                  NodeExpandVolumeResponse.newBuilder()
                      .setCapacityBytes(expander.expand(id, path, staging, required))
                      .build());
        });
  }

  @Override
  public void nodeGetCapabilities(
      NodeGetCapabilitiesRequest req, StreamObserver<NodeGetCapabilitiesResponse> out) {
    call(out, () -> CAPABILITIES);
  }

  @Override
  public void nodeGetInfo(NodeGetInfoRequest req, StreamObserver<NodeGetInfoResponse> out) {
    call(
        out,
        () -> {
          NodeTopology.Facts facts = topology.describe(config.nodeName());
          Topology accessible =
              Topology.newBuilder()
                  .putAllSegments(
                      TopologySegments.of(
                          config.nodeName(),
                          facts,
                          config.topologyNamespace(),
                          config.labelByStoragePool()))
                  .build();
          return NodeGetInfoResponse.newBuilder()
              .setNodeId(config.nodeName())
              .setMaxVolumesPerNode(config.maxVolumesPerNode())
              .setAccessibleTopology(accessible)
              .build();
        });
  }

  /** Runs {@code action} holding the volume; a concurrent call on it gets ABORTED. */
  private <T> T exclusive(String volumeId, Rpc.Body<T> action) throws Exception {
    InFlight.Ticket ticket = inFlight.acquire(volumeId);
    try {
      return action.call();
    } finally {
      ticket.close();
    }
  }

  /**
   * The one exit of every RPC. A failed host command becomes INTERNAL with the command's own words,
   * or DEADLINE_EXCEEDED when it was cut short because the caller's deadline ran out.
   */
  private static <T> void call(StreamObserver<T> out, Rpc.Body<T> body) {
    Rpc.unary(
        out,
        () -> {
          try {
            return body.call();
          } catch (CommandFailedException e) {
            if (e.timedOut() && Deadlines.nearlyOver()) {
              throw CsiError.deadlineExceeded(e.getMessage());
            }
            throw CsiError.internal(e.getMessage(), e);
          }
        });
  }

  private static NodeGetCapabilitiesResponse capabilities(NodeServiceCapability.RPC.Type... types) {
    NodeGetCapabilitiesResponse.Builder out = NodeGetCapabilitiesResponse.newBuilder();
    for (NodeServiceCapability.RPC.Type type : types) {
      out.addCapabilities(
          NodeServiceCapability.newBuilder()
              .setRpc(NodeServiceCapability.RPC.newBuilder().setType(type)));
    }
    return out.build();
  }
}
