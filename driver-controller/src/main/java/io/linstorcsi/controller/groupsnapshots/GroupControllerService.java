package io.linstorcsi.controller.groupsnapshots;

import com.google.protobuf.Timestamp;
import csi.v1.CreateVolumeGroupSnapshotRequest;
import csi.v1.CreateVolumeGroupSnapshotResponse;
import csi.v1.DeleteVolumeGroupSnapshotRequest;
import csi.v1.DeleteVolumeGroupSnapshotResponse;
import csi.v1.GetVolumeGroupSnapshotRequest;
import csi.v1.GetVolumeGroupSnapshotResponse;
import csi.v1.GroupControllerGetCapabilitiesRequest;
import csi.v1.GroupControllerGetCapabilitiesResponse;
import csi.v1.GroupControllerGrpc;
import csi.v1.GroupControllerServiceCapability;
import csi.v1.VolumeGroupSnapshot;
import io.grpc.stub.StreamObserver;
import io.linstorcsi.common.CsiError;
import io.linstorcsi.common.InFlight;
import io.linstorcsi.common.Rpc;
import io.linstorcsi.controller.CallDeadline;
import io.linstorcsi.controller.ids.VolumeId;
import io.linstorcsi.controller.provisioning.ResourceGroups;
import io.linstorcsi.controller.provisioning.VolumeDeleter;
import io.linstorcsi.controller.snapshots.SnapshotInfo;
import io.linstorcsi.controller.snapshots.Snapshots;
import io.linstorcsi.linstor.LinstorClient;
import java.time.Instant;
import java.util.List;

/**
 * The CSI GroupController service (CSI 1.10+, Kubernetes VolumeGroupSnapshot). Each RPC validates
 * its request and acts through {@link GroupSnapshots}; one group is worked on by one call at a
 * time.
 */
public final class GroupControllerService extends GroupControllerGrpc.GroupControllerImplBase {
  private final LinstorClient client;
  private final InFlight inFlight = new InFlight();
  private final GroupSnapshots groups;

  public GroupControllerService(LinstorClient client) {
    this.client = client;
    this.groups =
        new GroupSnapshots(
            new Snapshots(
                new VolumeDeleter(new ResourceGroups()),
                io.linstorcsi.controller.backups.ShipmentListener.none()));
  }

  @Override
  public void groupControllerGetCapabilities(
      GroupControllerGetCapabilitiesRequest req,
      StreamObserver<GroupControllerGetCapabilitiesResponse> out) {
    Rpc.unary(
        out,
        () ->
            GroupControllerGetCapabilitiesResponse.newBuilder()
                .addCapabilities(
                    GroupControllerServiceCapability.newBuilder()
                        .setRpc(
                            GroupControllerServiceCapability.RPC
                                .newBuilder()
                                .setType(
                                    GroupControllerServiceCapability.RPC
                                        .Type
                                        .CREATE_DELETE_GET_VOLUME_GROUP_SNAPSHOT)))
                .build());
  }

  @Override
  public void createVolumeGroupSnapshot(
      CreateVolumeGroupSnapshotRequest req, StreamObserver<CreateVolumeGroupSnapshotResponse> out) {
    Rpc.unary(
        out,
        () -> {
          require(!req.getName().isEmpty(), "name");
          require(req.getSourceVolumeIdsCount() > 0, "source_volume_ids");
          List<VolumeId> sources =
              req.getSourceVolumeIdsList().stream().map(VolumeId::parse).toList();
          GroupSnapshotInfo info;
          try (var t = inFlight.acquire(GroupSnapshots.groupIdFor(req.getName()))) {
            info = groups.create(linstor(), req.getName(), sources);
          }
          return CreateVolumeGroupSnapshotResponse.newBuilder()
              .setGroupSnapshot(toCsi(info))
              .build();
        });
  }

  @Override
  public void getVolumeGroupSnapshot(
      GetVolumeGroupSnapshotRequest req, StreamObserver<GetVolumeGroupSnapshotResponse> out) {
    Rpc.unary(
        out,
        () -> {
          require(!req.getGroupSnapshotId().isEmpty(), "group_snapshot_id");
          GroupSnapshotInfo info =
              groups.get(linstor(), req.getGroupSnapshotId(), req.getSnapshotIdsList());
          return GetVolumeGroupSnapshotResponse.newBuilder().setGroupSnapshot(toCsi(info)).build();
        });
  }

  @Override
  public void deleteVolumeGroupSnapshot(
      DeleteVolumeGroupSnapshotRequest req, StreamObserver<DeleteVolumeGroupSnapshotResponse> out) {
    Rpc.unary(
        out,
        () -> {
          require(!req.getGroupSnapshotId().isEmpty(), "group_snapshot_id");
          try (var t = inFlight.acquire(req.getGroupSnapshotId())) {
            groups.delete(linstor(), req.getGroupSnapshotId(), req.getSnapshotIdsList());
          }
          return DeleteVolumeGroupSnapshotResponse.getDefaultInstance();
        });
  }

  private static void require(boolean present, String field) {
    if (!present) {
      throw CsiError.invalidArgument(field + " must not be empty");
    }
  }

  private static VolumeGroupSnapshot toCsi(GroupSnapshotInfo info) {
    VolumeGroupSnapshot.Builder g =
        VolumeGroupSnapshot.newBuilder()
            .setGroupSnapshotId(info.id())
            .setReadyToUse(info.ready())
            .setCreationTime(timestamp(info.created()));
    for (SnapshotInfo s : info.members()) {
      g.addSnapshots(
          csi.v1.Snapshot.newBuilder()
              .setSnapshotId(s.id().toString())
              .setSourceVolumeId(s.id().source().toString())
              .setSizeBytes(s.sizeBytes())
              .setReadyToUse(s.ready())
              .setCreationTime(timestamp(s.created()))
              .setGroupSnapshotId(info.id()));
    }
    return g.build();
  }

  private static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  private LinstorClient linstor() {
    return CallDeadline.client(client);
  }
}
