package io.linstorcsi.driver.training;

import csi.v1.CapacityRange;
import csi.v1.ControllerGetCapabilitiesRequest;
import csi.v1.ControllerGrpc;
import csi.v1.CreateVolumeRequest;
import csi.v1.DeleteVolumeRequest;
import csi.v1.GetPluginInfoRequest;
import csi.v1.IdentityGrpc;
import csi.v1.NodeGetCapabilitiesRequest;
import csi.v1.NodeGetInfoRequest;
import csi.v1.NodeGrpc;
import csi.v1.ProbeRequest;
import csi.v1.VolumeCapability;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.linstorcsi.driver.LogSetup;
import io.linstorcsi.emulator.LinstorEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Trains the driver's AOT cache (JDK 25, JEP 483/514/515) on what a real start does: the driver
 * process, with the production JVM flags and {@code -XX:AOTCacheOutput}, serves both roles against
 * a LINSTOR emulator; this program sends the first Probe, then the first RPCs of the controller
 * (capabilities, CreateVolume, DeleteVolume) and of the node plugin (capabilities, NodeGetInfo),
 * and stops it with SIGTERM as kubelet would. The JVM writes the cache when the driver exits.
 *
 * <p>Not part of the serve path: the launcher ({@code bin/linstor-csi}) and the image build run it
 * with the emulator on their class path.
 *
 * <p>Arguments: the java binary, driver.jar, the cache to write, then the driver's JVM flags.
 */
public final class AotTraining {
  private static final String NODE = "node-a";

  private AotTraining() {}

  public static void main(String[] args) throws Exception {
    // the emulator logs every request at INFO; the user of the launcher needs none of it
    LogSetup.apply("warn", LogSetup.Format.TEXT);
    String java = args[0];
    Path jar = Path.of(args[1]);
    Path cache = Path.of(args[2]).toAbsolutePath();
    List<String> jvmFlags = Arrays.asList(args).subList(3, args.length);
    Path dir = Files.createTempDirectory("linstor-csi-aot-");
    try (LinstorEmulator linstor =
        LinstorEmulator.builder().nodes(NODE).storagePool("sp1", "FILE_THIN", 1L << 20).build()) {
      linstor.start();
      Path partial =
          cache.resolveSibling(cache.getFileName() + "." + ProcessHandle.current().pid());
      int exit = train(java, jar, jvmFlags, partial, dir, linstor.baseUrl().toString());
      if (exit != 0 || !Files.isRegularFile(partial)) {
        Files.deleteIfExists(partial);
        throw new IllegalStateException(
            "the training run exited with " + exit + ":\n" + Files.readString(dir.resolve("log")));
      }
      Files.move(
          partial, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      System.err.println("AOT cache written: " + cache);
    } finally {
      deleteTree(dir);
    }
  }

  private static int train(
      String java, Path jar, List<String> jvmFlags, Path output, Path dir, String linstor)
      throws Exception {
    Path socket = dir.resolve("csi.sock");
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(jvmFlags);
    command.add("-XX:AOTCacheOutput=" + output);
    command.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "--csi-endpoint",
            "unix://" + socket,
            "--node",
            NODE,
            "--linstor-endpoint",
            linstor,
            "--kubelet-root",
            dir.toString()));
    Process driver =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("log").toFile())
            .start();
    ManagedChannel channel = null;
    try {
      while (!Files.exists(socket)) {
        if (!driver.isAlive()) {
          return driver.exitValue();
        }
        Thread.sleep(20);
      }
      channel =
          Grpc.newChannelBuilder("unix://" + socket, InsecureChannelCredentials.create()).build();
      firstCalls(channel);
    } finally {
      if (channel != null) {
        channel.shutdownNow();
      }
      driver.destroy(); // SIGTERM: the driver stops gracefully and the JVM writes the cache
    }
    if (!driver.waitFor(5, TimeUnit.MINUTES)) {
      driver.destroyForcibly();
      return -1;
    }
    return driver.exitValue();
  }

  private static void firstCalls(ManagedChannel channel) throws InterruptedException {
    IdentityGrpc.IdentityBlockingStub identity = IdentityGrpc.newBlockingStub(channel);
    while (true) {
      try {
        identity.withDeadlineAfter(30, TimeUnit.SECONDS).probe(ProbeRequest.getDefaultInstance());
        break;
      } catch (StatusRuntimeException notListeningYet) {
        channel.resetConnectBackoff();
        Thread.sleep(20);
      }
    }
    identity.getPluginInfo(GetPluginInfoRequest.getDefaultInstance());

    ControllerGrpc.ControllerBlockingStub controller =
        ControllerGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    controller.controllerGetCapabilities(ControllerGetCapabilitiesRequest.getDefaultInstance());
    String volumeId =
        controller
            .createVolume(
                CreateVolumeRequest.newBuilder()
                    .setName("pvc-aot-training")
                    .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(64L << 20))
                    .addVolumeCapabilities(
                        VolumeCapability.newBuilder()
                            .setMount(VolumeCapability.MountVolume.newBuilder().setFsType("ext4"))
                            .setAccessMode(
                                VolumeCapability.AccessMode.newBuilder()
                                    .setMode(VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER)))
                    .putParameters("linstor.csi.linbit.com/storagePool", "sp1")
                    .putParameters("linstor.csi.linbit.com/placementCount", "1")
                    .build())
            .getVolume()
            .getVolumeId();
    controller.deleteVolume(DeleteVolumeRequest.newBuilder().setVolumeId(volumeId).build());

    NodeGrpc.NodeBlockingStub node =
        NodeGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    node.nodeGetCapabilities(NodeGetCapabilitiesRequest.getDefaultInstance());
    node.nodeGetInfo(NodeGetInfoRequest.getDefaultInstance());
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
