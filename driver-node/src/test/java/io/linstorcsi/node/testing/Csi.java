package io.linstorcsi.node.testing;

import csi.v1.CapacityRange;
import csi.v1.NodeExpandVolumeRequest;
import csi.v1.NodeGetVolumeStatsRequest;
import csi.v1.NodePublishVolumeRequest;
import csi.v1.NodeStageVolumeRequest;
import csi.v1.NodeUnpublishVolumeRequest;
import csi.v1.NodeUnstageVolumeRequest;
import csi.v1.VolumeCapability;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.linstorcsi.node.PublishContextKeys;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert;

/** Request builders and status assertions for the node tests. */
public final class Csi {
  private Csi() {}

  public static VolumeCapability mount(String fsType, String... flags) {
    return VolumeCapability.newBuilder()
        .setMount(
            VolumeCapability.MountVolume.newBuilder()
                .setFsType(fsType)
                .addAllMountFlags(List.of(flags)))
        .setAccessMode(
            VolumeCapability.AccessMode.newBuilder()
                .setMode(VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER))
        .build();
  }

  public static VolumeCapability block() {
    return VolumeCapability.newBuilder()
        .setBlock(VolumeCapability.BlockVolume.getDefaultInstance())
        .setAccessMode(
            VolumeCapability.AccessMode.newBuilder()
                .setMode(VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER))
        .build();
  }

  /**
   * The publish context of a successful ControllerPublishVolume to the harness's node: the device
   * and the attach evidence.
   */
  public static Map<String, String> device(Path device) {
    return Map.of(
        PublishContextKeys.DEVICE_PATH,
        device.toString(),
        PublishContextKeys.ATTACHED_NODE,
        NodeHarness.NODE);
  }

  /** A stage request with exactly {@code publishContext}, e.g. one lacking the attach evidence. */
  public static NodeStageVolumeRequest stageWithContext(
      String id, Path staging, VolumeCapability capability, Map<String, String> publishContext) {
    return NodeStageVolumeRequest.newBuilder()
        .setVolumeId(id)
        .setStagingTargetPath(staging.toString())
        .setVolumeCapability(capability)
        .putAllPublishContext(publishContext)
        .build();
  }

  public static NodeStageVolumeRequest stage(
      String id, Path device, Path staging, VolumeCapability capability) {
    return stage(id, device, staging, capability, Map.of());
  }

  public static NodeStageVolumeRequest stage(
      String id,
      Path device,
      Path staging,
      VolumeCapability capability,
      Map<String, String> volumeContext) {
    NodeStageVolumeRequest.Builder b =
        NodeStageVolumeRequest.newBuilder()
            .setVolumeId(id)
            .setStagingTargetPath(staging.toString())
            .setVolumeCapability(capability)
            .putAllVolumeContext(volumeContext);
    if (device != null) {
      b.putAllPublishContext(device(device));
    }
    return b.build();
  }

  public static NodeUnstageVolumeRequest unstage(String id, Path staging) {
    return NodeUnstageVolumeRequest.newBuilder()
        .setVolumeId(id)
        .setStagingTargetPath(staging.toString())
        .build();
  }

  public static NodePublishVolumeRequest publish(
      String id,
      Path device,
      Path staging,
      Path target,
      VolumeCapability capability,
      boolean readOnly) {
    NodePublishVolumeRequest.Builder b =
        NodePublishVolumeRequest.newBuilder()
            .setVolumeId(id)
            .setTargetPath(target.toString())
            .setVolumeCapability(capability)
            .setReadonly(readOnly);
    if (staging != null) {
      b.setStagingTargetPath(staging.toString());
    }
    if (device != null) {
      b.putAllPublishContext(device(device));
    }
    return b.build();
  }

  public static NodeUnpublishVolumeRequest unpublish(String id, Path target) {
    return NodeUnpublishVolumeRequest.newBuilder()
        .setVolumeId(id)
        .setTargetPath(target.toString())
        .build();
  }

  public static NodeGetVolumeStatsRequest stats(String id, Path path) {
    return NodeGetVolumeStatsRequest.newBuilder()
        .setVolumeId(id)
        .setVolumePath(path.toString())
        .build();
  }

  public static NodeExpandVolumeRequest expand(
      String id, Path path, Path staging, long requiredBytes, VolumeCapability capability) {
    NodeExpandVolumeRequest.Builder b =
        NodeExpandVolumeRequest.newBuilder()
            .setVolumeId(id)
            .setVolumePath(path.toString())
            .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(requiredBytes))
            .setVolumeCapability(capability);
    if (staging != null) {
      b.setStagingTargetPath(staging.toString());
    }
    return b.build();
  }

  /** Asserts the call fails with {@code code} and returns the status for message checks. */
  public static Status failsWith(Status.Code code, ThrowableAssert.ThrowingCallable call) {
    try {
      call.call();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != code) {
        throw new AssertionError(
            "expected " + code + " but got " + e.getStatus().getCode() + ": " + e.getStatus(), e);
      }
      return e.getStatus();
    } catch (Throwable t) {
      throw new AssertionError("expected a gRPC " + code + " but got " + t, t);
    }
    throw new AssertionError("expected " + code + " but the call succeeded");
  }
}
