package io.linstorcsi.controller;

import csi.v1.ControllerExpandVolumeRequest;
import csi.v1.ControllerExpandVolumeResponse;
import csi.v1.ControllerGetCapabilitiesRequest;
import csi.v1.ControllerGetCapabilitiesResponse;
import csi.v1.ControllerGetVolumeRequest;
import csi.v1.ControllerGetVolumeResponse;
import csi.v1.ControllerGrpc;
import csi.v1.ControllerModifyVolumeRequest;
import csi.v1.ControllerModifyVolumeResponse;
import csi.v1.ControllerPublishVolumeRequest;
import csi.v1.ControllerPublishVolumeResponse;
import csi.v1.ControllerServiceCapability;
import csi.v1.ControllerServiceCapability.RPC.Type;
import csi.v1.ControllerUnpublishVolumeRequest;
import csi.v1.ControllerUnpublishVolumeResponse;
import csi.v1.CreateSnapshotRequest;
import csi.v1.CreateSnapshotResponse;
import csi.v1.CreateVolumeRequest;
import csi.v1.CreateVolumeResponse;
import csi.v1.DeleteSnapshotRequest;
import csi.v1.DeleteSnapshotResponse;
import csi.v1.DeleteVolumeRequest;
import csi.v1.DeleteVolumeResponse;
import csi.v1.GetCapacityRequest;
import csi.v1.GetCapacityResponse;
import csi.v1.ListSnapshotsRequest;
import csi.v1.ListSnapshotsResponse;
import csi.v1.ListVolumesRequest;
import csi.v1.ListVolumesResponse;
import csi.v1.ValidateVolumeCapabilitiesRequest;
import csi.v1.ValidateVolumeCapabilitiesResponse;
import csi.v1.Volume;
import csi.v1.VolumeCapability;
import csi.v1.VolumeCapability.AccessMode.Mode;
import io.grpc.stub.StreamObserver;
import io.linstorcsi.common.CsiError;
import io.linstorcsi.common.InFlight;
import io.linstorcsi.common.Rpc;
import io.linstorcsi.controller.backups.ShipmentListener;
import io.linstorcsi.controller.ids.VolumeId;
import io.linstorcsi.controller.modify.VolumeModifier;
import io.linstorcsi.controller.params.MutableParameters;
import io.linstorcsi.controller.params.SnapshotParameters;
import io.linstorcsi.controller.params.VolumeParameters;
import io.linstorcsi.controller.provisioning.Attachments;
import io.linstorcsi.controller.provisioning.CapacityRange;
import io.linstorcsi.controller.provisioning.CapacityReporter;
import io.linstorcsi.controller.provisioning.CreateRequest;
import io.linstorcsi.controller.provisioning.CreatedVolume;
import io.linstorcsi.controller.provisioning.Expander;
import io.linstorcsi.controller.provisioning.ResourceGroups;
import io.linstorcsi.controller.provisioning.VolumeCreator;
import io.linstorcsi.controller.provisioning.VolumeDeleter;
import io.linstorcsi.controller.provisioning.VolumeLister;
import io.linstorcsi.controller.provisioning.VolumeLookup;
import io.linstorcsi.controller.provisioning.Waits;
import io.linstorcsi.controller.snapshots.SnapshotInfo;
import io.linstorcsi.controller.snapshots.Snapshots;
import io.linstorcsi.linstor.LinstorClient;
import java.util.List;

/**
 * The CSI Controller service. Each RPC validates its request, acts through the provisioning and
 * snapshot classes, and answers through {@link Rpc#unary}, so every failure reaches the caller as
 * the code the CSI spec prescribes.
 */
public final class ControllerService extends ControllerGrpc.ControllerImplBase {
  private static final List<Type> CAPABILITIES =
      List.of(
          Type.CREATE_DELETE_VOLUME,
          Type.PUBLISH_UNPUBLISH_VOLUME,
          Type.PUBLISH_READONLY,
          Type.LIST_VOLUMES,
          Type.GET_CAPACITY,
          Type.CREATE_DELETE_SNAPSHOT,
          Type.LIST_SNAPSHOTS,
          Type.CLONE_VOLUME,
          Type.EXPAND_VOLUME,
          Type.GET_VOLUME,
          Type.LIST_VOLUMES_PUBLISHED_NODES,
          Type.VOLUME_CONDITION,
          Type.SINGLE_NODE_MULTI_WRITER,
          Type.MODIFY_VOLUME);

  private final LinstorClient client;
  private final ControllerConfig config;
  private final InFlight inFlight = new InFlight();
  private final VolumeCreator creator;
  private final VolumeDeleter deleter;
  private final Attachments attachments = new Attachments();
  private final Expander expander = new Expander();
  private final CapacityReporter capacity;
  private final Snapshots snapshots;
  private final VolumeModifier modifier = new VolumeModifier();

  public ControllerService(LinstorClient client, ControllerConfig config) {
    this(client, config, ShipmentListener.none());
  }

  /** With {@code shipments} told about backups to remotes, for metrics. */
  public ControllerService(
      LinstorClient client, ControllerConfig config, ShipmentListener shipments) {
    this.client = client;
    this.config = config;
    ResourceGroups groups = new ResourceGroups();
    this.creator = new VolumeCreator(config, groups, new Waits(config.defaultWait()));
    this.deleter = new VolumeDeleter(groups);
    this.capacity = new CapacityReporter(config.propertyNamespace());
    this.snapshots = new Snapshots(deleter, shipments);
  }

  @Override
  public void createVolume(CreateVolumeRequest req, StreamObserver<CreateVolumeResponse> out) {
    Rpc.unary(
        out,
        () -> {
          Requests.require(!req.getName().isEmpty(), "volume name");
          VolumeParameters params = parameters(req.getParametersMap());
          MutableParameters mutable = MutableParameters.parse(req.getMutableParamsMap());
          modifier.validate(mutable);
          RequestedAccess access =
              RequestedAccess.check(req.getVolumeCapabilitiesList(), params, config);
          VolumeId id =
              VolumeId.forRequest(
                  req.getName(), params.usePvcName(), params.pvcNamespace(), params.pvcName());
          CreateRequest create =
              new CreateRequest(
                  id,
                  params,
                  new CapacityRange(
                      req.getCapacityRange().getRequiredBytes(),
                      req.getCapacityRange().getLimitBytes()),
                  access.fsType(),
                  CsiMapper.topology(req.getAccessibilityRequirements()),
                  Requests.source(req));
          CreatedVolume created;
          try (var t = inFlight.acquire(id.toString())) {
            created = creator.create(linstor(), create);
            // CSI 1.12: a VolumeAttributesClass's parameters apply from the start; the same
            // compare-then-write as ControllerModifyVolume, so a retried create converges.
            // Without one, no extra call: CreateVolume's REST budget stays as it was.
            if (!mutable.isEmpty()) {
              modifier.modify(linstor(), created.id(), mutable);
            }
          }
          Volume.Builder volume =
              Volume.newBuilder()
                  .setVolumeId(created.id().toString())
                  .setCapacityBytes(created.sizeBytes())
                  .putAllVolumeContext(Contexts.volumeContext(params))
                  .addAllAccessibleTopology(CsiMapper.topology(created.accessibleTopology()));
          if (req.hasVolumeContentSource()) {
            volume.setContentSource(req.getVolumeContentSource());
          }
          return CreateVolumeResponse.newBuilder().setVolume(volume).build();
        });
  }

  @Override
  public void deleteVolume(DeleteVolumeRequest req, StreamObserver<DeleteVolumeResponse> out) {
    Rpc.unary(
        out,
        () -> {
          Requests.require(!req.getVolumeId().isEmpty(), "volume id");
          VolumeId id = VolumeId.parse(req.getVolumeId());
          try (var t = inFlight.acquire(id.toString())) {
            deleter.delete(linstor(), id);
          }
          return DeleteVolumeResponse.getDefaultInstance();
        });
  }

  @Override
  public void controllerPublishVolume(
      ControllerPublishVolumeRequest req, StreamObserver<ControllerPublishVolumeResponse> out) {
    Rpc.unary(
        out,
        () -> {
          Requests.require(!req.getVolumeId().isEmpty(), "volume id");
          Requests.require(!req.getNodeId().isEmpty(), "node id");
          Requests.require(req.hasVolumeCapability(), "volume capability");
          VolumeId id = VolumeId.parse(req.getVolumeId());
          VolumeCapability cap = req.getVolumeCapability();
          boolean block = cap.hasBlock();
          boolean rwxBlock = block && cap.getAccessMode().getMode() == Mode.MULTI_NODE_MULTI_WRITER;
          boolean singleNode = cap.getAccessMode().getMode().name().startsWith("SINGLE_NODE");
          String path;
          try (var t = inFlight.acquire(id + "@" + req.getNodeId())) {
            path =
                attachments.publish(
                    linstor(),
                    id,
                    req.getNodeId(),
                    Requests.remoteAccess(req),
                    rwxBlock,
                    singleNode,
                    req.getReadonly());
          }
          String fsType =
              block
                  ? ""
                  : cap.getMount().getFsType().isEmpty()
                      ? RequestedAccess.DEFAULT_FS
                      : cap.getMount().getFsType();
          return ControllerPublishVolumeResponse.newBuilder()
              .putAllPublishContext(
                  Contexts.publishContext(path, fsType, req.getNodeId(), req.getReadonly()))
              .build();
        });
  }

  @Override
  public void controllerUnpublishVolume(
      ControllerUnpublishVolumeRequest req, StreamObserver<ControllerUnpublishVolumeResponse> out) {
    Rpc.unary(
        out,
        () -> {
          Requests.require(!req.getVolumeId().isEmpty(), "volume id");
          VolumeId id = VolumeId.parse(req.getVolumeId());
          if (req.getNodeId().isEmpty()) {
            // CSI spec: an empty node id means "from all nodes"; attachments are per node here,
            // and the attacher always names the node.
            throw CsiError.invalidArgument("node id is required by this driver");
          }
          try (var t = inFlight.acquire(id + "@" + req.getNodeId())) {
            attachments.unpublish(linstor(), id, req.getNodeId());
          }
          return ControllerUnpublishVolumeResponse.getDefaultInstance();
        });
  }

  @Override
  public void validateVolumeCapabilities(
      ValidateVolumeCapabilitiesRequest req,
      StreamObserver<ValidateVolumeCapabilitiesResponse> out) {
    Rpc.unary(
        out,
        () -> {
          Requests.require(!req.getVolumeId().isEmpty(), "volume id");
          Requests.require(req.getVolumeCapabilitiesCount() > 0, "volume capabilities");
          VolumeId id = VolumeId.parse(req.getVolumeId());
          VolumeParameters params = parameters(req.getParametersMap());
          if (VolumeLookup.find(linstor(), id).isEmpty()) {
            throw CsiError.notFound("volume " + id + " does not exist");
          }
          try {
            RequestedAccess.check(req.getVolumeCapabilitiesList(), params, config);
          } catch (CsiError e) {
            // CSI spec: unsupported capabilities are answered without "confirmed", not an error.
            return ValidateVolumeCapabilitiesResponse.newBuilder()
                .setMessage(e.getMessage())
                .build();
          }
          return ValidateVolumeCapabilitiesResponse.newBuilder()
              .setConfirmed(
                  ValidateVolumeCapabilitiesResponse.Confirmed.newBuilder()
                      .addAllVolumeCapabilities(req.getVolumeCapabilitiesList())
                      .putAllParameters(req.getParametersMap())
                      .putAllVolumeContext(req.getVolumeContextMap()))
              .build();
        });
  }

  @Override
  public void listVolumes(ListVolumesRequest req, StreamObserver<ListVolumesResponse> out) {
    Rpc.unary(
        out,
        () -> {
          int offset = PageToken.parse(req.getStartingToken());
          int max = Requests.maxEntries(req.getMaxEntries());
          List<VolumeLister.Listed> all = VolumeLister.all(linstor());
          if (offset > all.size()) {
            throw CsiError.aborted("starting token " + offset + " is past the end of the list");
          }
          List<VolumeLister.Listed> page =
              all.subList(offset, (int) Math.min(all.size(), (long) offset + max));
          ListVolumesResponse.Builder resp = ListVolumesResponse.newBuilder();
          for (VolumeLister.Listed l : page) {
            resp.addEntries(
                ListVolumesResponse.Entry.newBuilder()
                    .setVolume(
                        Volume.newBuilder()
                            .setVolumeId(l.volume().id().toString())
                            .setCapacityBytes(l.volume().sizeBytes()))
                    .setStatus(
                        ListVolumesResponse.VolumeStatus.newBuilder()
                            .addAllPublishedNodeIds(l.status().nodes())
                            .setVolumeCondition(Requests.condition(l.status()))));
          }
          return resp.setNextToken(PageToken.next(offset, page.size(), all.size())).build();
        });
  }

  @Override
  public void controllerGetVolume(
      ControllerGetVolumeRequest req, StreamObserver<ControllerGetVolumeResponse> out) {
    Rpc.unary(
        out,
        () -> {
          Requests.require(!req.getVolumeId().isEmpty(), "volume id");
          VolumeId id = VolumeId.parse(req.getVolumeId());
          VolumeLister.Listed l =
              VolumeLister.one(linstor(), id)
                  .orElseThrow(() -> CsiError.notFound("volume " + id + " does not exist"));
          return ControllerGetVolumeResponse.newBuilder()
              .setVolume(
                  Volume.newBuilder()
                      .setVolumeId(id.toString())
                      .setCapacityBytes(l.volume().sizeBytes()))
              .setStatus(
                  ControllerGetVolumeResponse.VolumeStatus.newBuilder()
                      .addAllPublishedNodeIds(l.status().nodes())
                      .setVolumeCondition(Requests.condition(l.status())))
              .build();
        });
  }

  @Override
  public void getCapacity(GetCapacityRequest req, StreamObserver<GetCapacityResponse> out) {
    Rpc.unary(
        out,
        () -> {
          VolumeParameters params = parameters(req.getParametersMap());
          long bytes =
              capacity.capacityBytes(
                  linstor(), params, req.getAccessibleTopology().getSegmentsMap());
          return GetCapacityResponse.newBuilder().setAvailableCapacity(bytes).build();
        });
  }

  @Override
  public void controllerGetCapabilities(
      ControllerGetCapabilitiesRequest req, StreamObserver<ControllerGetCapabilitiesResponse> out) {
    Rpc.unary(
        out,
        () -> {
          ControllerGetCapabilitiesResponse.Builder resp =
              ControllerGetCapabilitiesResponse.newBuilder();
          for (Type type : CAPABILITIES) {
            resp.addCapabilities(
                ControllerServiceCapability.newBuilder()
                    .setRpc(ControllerServiceCapability.RPC.newBuilder().setType(type)));
          }
          return resp.build();
        });
  }

  @Override
  public void createSnapshot(
      CreateSnapshotRequest req, StreamObserver<CreateSnapshotResponse> out) {
    Rpc.unary(
        out,
        () -> {
          Requests.require(!req.getName().isEmpty(), "snapshot name");
          Requests.require(!req.getSourceVolumeId().isEmpty(), "source volume id");
          VolumeId source = VolumeId.parse(req.getSourceVolumeId());
          SnapshotParameters params =
              SnapshotParameters.parse(req.getParametersMap(), req.getSecretsMap());
          SnapshotInfo info;
          try (var t = inFlight.acquire("snapshot/" + req.getName())) {
            info = snapshots.create(linstor(), req.getName(), source, params);
          }
          return CreateSnapshotResponse.newBuilder().setSnapshot(CsiMapper.snapshot(info)).build();
        });
  }

  @Override
  public void deleteSnapshot(
      DeleteSnapshotRequest req, StreamObserver<DeleteSnapshotResponse> out) {
    Rpc.unary(
        out,
        () -> {
          Requests.require(!req.getSnapshotId().isEmpty(), "snapshot id");
          try (var t = inFlight.acquire("snapshot-id/" + req.getSnapshotId())) {
            snapshots.delete(linstor(), req.getSnapshotId());
          }
          return DeleteSnapshotResponse.getDefaultInstance();
        });
  }

  @Override
  public void listSnapshots(ListSnapshotsRequest req, StreamObserver<ListSnapshotsResponse> out) {
    Rpc.unary(
        out,
        () -> {
          int offset = PageToken.parse(req.getStartingToken());
          int max = Requests.maxEntries(req.getMaxEntries());
          List<SnapshotInfo> all =
              snapshots.list(linstor(), req.getSnapshotId(), req.getSourceVolumeId());
          if (offset > all.size()) {
            throw CsiError.aborted("starting token " + offset + " is past the end of the list");
          }
          List<SnapshotInfo> page =
              all.subList(offset, (int) Math.min(all.size(), (long) offset + max));
          ListSnapshotsResponse.Builder resp = ListSnapshotsResponse.newBuilder();
          page.forEach(
              s ->
                  resp.addEntries(
                      ListSnapshotsResponse.Entry.newBuilder().setSnapshot(CsiMapper.snapshot(s))));
          return resp.setNextToken(PageToken.next(offset, page.size(), all.size())).build();
        });
  }

  @Override
  public void controllerExpandVolume(
      ControllerExpandVolumeRequest req, StreamObserver<ControllerExpandVolumeResponse> out) {
    Rpc.unary(
        out,
        () -> {
          Requests.require(!req.getVolumeId().isEmpty(), "volume id");
          Requests.require(req.hasCapacityRange(), "capacity range");
          VolumeId id = VolumeId.parse(req.getVolumeId());
          VolumeCapability cap = req.getVolumeCapability();
          long size;
          try (var t = inFlight.acquire(id.toString())) {
            size =
                expander.expand(
                    linstor(),
                    id,
                    new CapacityRange(
                        req.getCapacityRange().getRequiredBytes(),
                        req.getCapacityRange().getLimitBytes()),
                    cap.hasMount() ? cap.getMount().getFsType() : "");
          }
          // Block volumes need nothing on the node; a file system must grow where it is mounted.
          return ControllerExpandVolumeResponse.newBuilder()
              .setCapacityBytes(size)
              .setNodeExpansionRequired(!cap.hasBlock())
              .build();
        });
  }

  @Override
  public void controllerModifyVolume(
      ControllerModifyVolumeRequest req, StreamObserver<ControllerModifyVolumeResponse> out) {
    Rpc.unary(
        out,
        () -> {
          Requests.require(!req.getVolumeId().isEmpty(), "volume id");
          VolumeId id = VolumeId.parse(req.getVolumeId());
          MutableParameters params = MutableParameters.parse(req.getMutableParametersMap());
          try (var t = inFlight.acquire(id.toString())) {
            modifier.modify(linstor(), id, params);
          }
          return ControllerModifyVolumeResponse.getDefaultInstance();
        });
  }

  private VolumeParameters parameters(java.util.Map<String, String> raw) {
    return VolumeParameters.parse(raw, config.propertyNamespace());
  }

  private LinstorClient linstor() {
    return CallDeadline.client(client);
  }
}
