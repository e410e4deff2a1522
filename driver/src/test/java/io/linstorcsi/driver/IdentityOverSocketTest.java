package io.linstorcsi.driver;

import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.GetPluginCapabilitiesRequest;
import csi.v1.GetPluginInfoRequest;
import csi.v1.GroupControllerGetCapabilitiesRequest;
import csi.v1.GroupControllerGrpc;
import csi.v1.GroupControllerServiceCapability;
import csi.v1.IdentityGrpc;
import csi.v1.PluginCapability;
import csi.v1.ProbeRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityOverSocketTest {
  @TempDir Path dir;

  @Test
  void nodePlugin_answersIdentityOverTheSocket() throws Exception {
    Path socket = dir.resolve("plugins/linstor.csi.linbit.com/csi.sock");
    try (RunningDriver driver =
        RunningDriver.start(
            socket,
            dir.resolve("driver.log"),
            "--node-plugin",
            "--node",
            "n1",
            "--linstor-endpoint",
            "http://127.0.0.1:1")) {
      var identity = IdentityGrpc.newBlockingStub(driver.channel());

      var info = identity.getPluginInfo(GetPluginInfoRequest.getDefaultInstance());
      assertThat(info.getName()).isEqualTo("linstor.csi.linbit.com");
      assertThat(info.getVendorVersion()).matches("\\d+\\.\\d+\\.\\d+.*");

      var caps = identity.getPluginCapabilities(GetPluginCapabilitiesRequest.getDefaultInstance());
      assertThat(caps.getCapabilitiesList())
          .extracting(c -> c.getService().getType())
          .contains(PluginCapability.Service.Type.VOLUME_ACCESSIBILITY_CONSTRAINTS)
          .doesNotContain(
              PluginCapability.Service.Type.CONTROLLER_SERVICE,
              PluginCapability.Service.Type.GROUP_CONTROLLER_SERVICE);
      assertThat(caps.getCapabilitiesList())
          .extracting(c -> c.getVolumeExpansion().getType())
          .contains(PluginCapability.VolumeExpansion.Type.ONLINE);

      // A node plugin does not depend on LINSTOR being reachable to be ready.
      assertThat(identity.probe(ProbeRequest.getDefaultInstance()).getReady().getValue()).isTrue();
    }
  }

  @Test
  void controller_advertisesAndServesTheGroupControllerService() throws Exception {
    Path socket = dir.resolve("csi.sock");
    try (RunningDriver driver =
        RunningDriver.start(
            socket,
            dir.resolve("driver.log"),
            "--controller",
            "--linstor-endpoint",
            "http://127.0.0.1:1")) {
      var caps =
          IdentityGrpc.newBlockingStub(driver.channel())
              .getPluginCapabilities(GetPluginCapabilitiesRequest.getDefaultInstance());
      assertThat(caps.getCapabilitiesList())
          .extracting(c -> c.getService().getType())
          .contains(
              PluginCapability.Service.Type.CONTROLLER_SERVICE,
              PluginCapability.Service.Type.GROUP_CONTROLLER_SERVICE);
      var groupCaps =
          GroupControllerGrpc.newBlockingStub(driver.channel())
              .groupControllerGetCapabilities(
                  GroupControllerGetCapabilitiesRequest.getDefaultInstance());
      assertThat(groupCaps.getCapabilitiesList())
          .extracting(c -> c.getRpc().getType())
          .containsExactly(
              GroupControllerServiceCapability.RPC.Type.CREATE_DELETE_GET_VOLUME_GROUP_SNAPSHOT);
    }
  }

  @Test
  void start_createsTheSocketFolderAndReplacesAStaleSocketFile() throws Exception {
    Path socket = dir.resolve("fresh/dir/csi.sock");
    Files.createDirectories(socket.getParent());
    Files.writeString(socket, "left over by a crashed run");
    try (RunningDriver driver =
        RunningDriver.startAfterStaleFile(
            socket,
            dir.resolve("driver.log"),
            "--node-plugin",
            "--node",
            "n1",
            "--linstor-endpoint",
            "http://127.0.0.1:1")) {
      var info =
          IdentityGrpc.newBlockingStub(driver.channel())
              .getPluginInfo(GetPluginInfoRequest.getDefaultInstance());
      assertThat(info.getName()).isEqualTo("linstor.csi.linbit.com");
      assertThat(driver.output()).contains("removing stale socket");
    }
  }

  @Test
  void sigterm_whenIdle_exitsZeroAndRemovesTheSocket() throws Exception {
    Path socket = dir.resolve("csi.sock");
    RunningDriver driver =
        RunningDriver.start(
            socket,
            dir.resolve("driver.log"),
            "--node-plugin",
            "--node",
            "n1",
            "--linstor-endpoint",
            "http://127.0.0.1:1");
    IdentityGrpc.newBlockingStub(driver.channel()).probe(ProbeRequest.getDefaultInstance());
    driver.process.destroy(); // SIGTERM
    assertThat(driver.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(driver.process.exitValue()).as(driver.output()).isZero();
    assertThat(socket).doesNotExist();
    driver.close();
  }
}
