package io.linstorcsi.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import csi.v1.VolumeCapability;
import csi.v1.VolumeCapability.AccessMode.Mode;
import io.grpc.Status;
import io.linstorcsi.common.CsiError;
import io.linstorcsi.controller.params.VolumeParameters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestedAccessTest {
  private static final ControllerConfig CONFIG = ControllerConfig.defaults("t");
  private static final VolumeParameters DRBD = VolumeParameters.parse(Map.of());

  private static VolumeCapability mount(Mode mode, String fs) {
    return VolumeCapability.newBuilder()
        .setMount(VolumeCapability.MountVolume.newBuilder().setFsType(fs))
        .setAccessMode(VolumeCapability.AccessMode.newBuilder().setMode(mode))
        .build();
  }

  private static VolumeCapability block(Mode mode) {
    return VolumeCapability.newBuilder()
        .setBlock(VolumeCapability.BlockVolume.getDefaultInstance())
        .setAccessMode(VolumeCapability.AccessMode.newBuilder().setMode(mode))
        .build();
  }

  private static void invalid(Runnable r) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(
            CsiError.class, e -> assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  @Test
  void mount_defaultsToExt4_orTheStorageClassFsType() {
    assertThat(
            RequestedAccess.check(List.of(mount(Mode.SINGLE_NODE_WRITER, "")), DRBD, CONFIG)
                .fsType())
        .isEqualTo("ext4");
    VolumeParameters xfs = VolumeParameters.parse(Map.of("csi.storage.k8s.io/fstype", "xfs"));
    assertThat(
            RequestedAccess.check(List.of(mount(Mode.SINGLE_NODE_WRITER, "")), xfs, CONFIG)
                .fsType())
        .isEqualTo("xfs");
  }

  @Test
  void mount_withMultiNodeWriters_isInvalid() {
    invalid(
        () ->
            RequestedAccess.check(
                List.of(mount(Mode.MULTI_NODE_MULTI_WRITER, "ext4")), DRBD, CONFIG));
    invalid(
        () ->
            RequestedAccess.check(
                List.of(mount(Mode.MULTI_NODE_SINGLE_WRITER, "ext4")), DRBD, CONFIG));
  }

  @Test
  void readOnlyManyAndSingleNodeMultiWriter_areFine() {
    RequestedAccess a =
        RequestedAccess.check(
            List.of(
                mount(Mode.MULTI_NODE_READER_ONLY, "ext4"),
                mount(Mode.SINGLE_NODE_MULTI_WRITER, "ext4")),
            DRBD,
            CONFIG);
    assertThat(a.block()).isFalse();
  }

  @Test
  void blockRwx_needsDrbdOnTopAndPermission() {
    assertThat(
            RequestedAccess.check(List.of(block(Mode.MULTI_NODE_MULTI_WRITER)), DRBD, CONFIG)
                .multiNodeWriter())
        .isTrue();
    invalid(
        () ->
            RequestedAccess.check(
                List.of(block(Mode.MULTI_NODE_MULTI_WRITER)),
                VolumeParameters.parse(Map.of("layerList", "storage")),
                CONFIG));
    ControllerConfig off = new ControllerConfig("Aux", "t", false, Duration.ofSeconds(5));
    invalid(() -> RequestedAccess.check(List.of(block(Mode.MULTI_NODE_MULTI_WRITER)), DRBD, off));
  }

  @Test
  void mixedOrMissing_isInvalid() {
    invalid(() -> RequestedAccess.check(List.of(), DRBD, CONFIG));
    invalid(
        () ->
            RequestedAccess.check(
                List.of(block(Mode.SINGLE_NODE_WRITER), mount(Mode.SINGLE_NODE_WRITER, "ext4")),
                DRBD,
                CONFIG));
    invalid(
        () ->
            RequestedAccess.check(
                List.of(
                    mount(Mode.SINGLE_NODE_WRITER, "ext4"), mount(Mode.SINGLE_NODE_WRITER, "xfs")),
                DRBD,
                CONFIG));
    invalid(
        () ->
            RequestedAccess.check(
                List.of(
                    VolumeCapability.newBuilder()
                        .setBlock(VolumeCapability.BlockVolume.getDefaultInstance())
                        .build()),
                DRBD,
                CONFIG));
  }
}
