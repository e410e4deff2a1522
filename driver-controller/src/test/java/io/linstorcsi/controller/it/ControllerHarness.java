package io.linstorcsi.controller.it;

import csi.v1.ControllerGrpc;
import csi.v1.CreateVolumeRequest;
import csi.v1.CreateVolumeResponse;
import csi.v1.DeleteVolumeRequest;
import csi.v1.VolumeCapability;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.linstorcsi.common.UnixSocketServer;
import io.linstorcsi.controller.ControllerConfig;
import io.linstorcsi.controller.ControllerService;
import io.linstorcsi.controller.backups.ShipmentListener;
import io.linstorcsi.controller.consistency.ConsistencyGroupLookup;
import io.linstorcsi.controller.groupsnapshots.GroupControllerService;
import io.linstorcsi.linstor.LinstorClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert;

/**
 * The Controller service on a real gRPC server on a temporary Unix socket, talking to LINSTOR (the
 * emulator or a real one) over HTTP, and a grpc-java client calling it.
 */
final class ControllerHarness implements AutoCloseable {
  static final long MIB = 1L << 20;
  static final long GIB = 1L << 30;

  final LinstorTarget target;

  /** For the tests' own look at LINSTOR; its calls are not counted. */
  final LinstorClient client;

  /** The service's REST calls ({@code METHOD operation}), in order. */
  final List<String> calls;

  private final LinstorClient serviceClient;
  final UnixSocketServer server;
  final ManagedChannel channel;
  final ControllerGrpc.ControllerBlockingStub stub;
  private final Path dir;

  private ControllerHarness(
      LinstorTarget target,
      LinstorClient client,
      LinstorClient serviceClient,
      List<String> calls,
      UnixSocketServer server,
      ManagedChannel channel,
      Path dir) {
    this.target = target;
    this.client = client;
    this.serviceClient = serviceClient;
    this.calls = calls;
    this.server = server;
    this.channel = channel;
    this.stub = ControllerGrpc.newBlockingStub(channel);
    this.dir = dir;
  }

  static ControllerHarness start() throws Exception {
    return start(ControllerConfig.defaults("test"));
  }

  static ControllerHarness start(ControllerConfig config) throws Exception {
    return start(config, LinstorTarget.start());
  }

  static ControllerHarness start(LinstorTarget target) throws Exception {
    return start(ControllerConfig.defaults("test"), target);
  }

  /** A service pointed at {@code endpoint}, e.g. one where no LINSTOR listens. */
  static ControllerHarness startAgainst(java.net.URI endpoint) throws Exception {
    return start(ControllerConfig.defaults("test"), LinstorTarget.at(endpoint));
  }

  private static ControllerHarness start(ControllerConfig config, LinstorTarget target)
      throws Exception {
    return start(config, target, ConsistencyGroupLookup.DISABLED);
  }

  /** A service with consistency groups on, finding claims' groups through {@code lookup}. */
  static ControllerHarness start(LinstorTarget target, ConsistencyGroupLookup lookup)
      throws Exception {
    return start(ControllerConfig.defaults("test"), target, lookup);
  }

  private static ControllerHarness start(
      ControllerConfig config, LinstorTarget target, ConsistencyGroupLookup lookup)
      throws Exception {
    LinstorClient client = client(target, event -> {});
    List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    LinstorClient serviceClient =
        client(target, event -> calls.add(event.method() + " " + event.operation()));
    Path dir = Files.createTempDirectory("controller-it");
    Path socket = dir.resolve("csi.sock");
    UnixSocketServer server =
        UnixSocketServer.start(
            socket,
            List.of(
                new ControllerService(serviceClient, config, lookup, ShipmentListener.none()),
                new GroupControllerService(serviceClient)),
            List.of());
    ManagedChannel channel =
        Grpc.newChannelBuilder("unix://" + socket, InsecureChannelCredentials.create()).build();
    return new ControllerHarness(target, client, serviceClient, calls, server, channel, dir);
  }

  private static LinstorClient client(
      LinstorTarget target, io.linstorcsi.linstor.CallListener listener) {
    return LinstorClient.builder()
        .endpoints(List.of(target.baseUrl()))
        .callTimeout(Duration.ofSeconds(30))
        .retries(0)
        .listener(listener)
        .build();
  }

  /** A fresh CSI volume name, like external-provisioner's {@code pvc-<uuid>}. */
  static String newName() {
    return "pvc-" + UUID.randomUUID();
  }

  /** StorageClass parameters for the target's pool and layers, plus {@code extra} pairs. */
  Map<String, String> params(String... extra) {
    Map<String, String> p = new HashMap<>();
    p.put("linstor.csi.linbit.com/storagePool", target.pool());
    p.put("linstor.csi.linbit.com/layerList", target.layers());
    for (int i = 0; i < extra.length; i += 2) {
      p.put(extra[i], extra[i + 1]);
    }
    return p;
  }

  static VolumeCapability mount(VolumeCapability.AccessMode.Mode mode, String fs) {
    return VolumeCapability.newBuilder()
        .setMount(VolumeCapability.MountVolume.newBuilder().setFsType(fs))
        .setAccessMode(VolumeCapability.AccessMode.newBuilder().setMode(mode))
        .build();
  }

  static VolumeCapability mountRwo() {
    return mount(VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER, "ext4");
  }

  static VolumeCapability block(VolumeCapability.AccessMode.Mode mode) {
    return VolumeCapability.newBuilder()
        .setBlock(VolumeCapability.BlockVolume.getDefaultInstance())
        .setAccessMode(VolumeCapability.AccessMode.newBuilder().setMode(mode))
        .build();
  }

  CreateVolumeRequest.Builder createRequest(String name, long bytes, Map<String, String> params) {
    return CreateVolumeRequest.newBuilder()
        .setName(name)
        .putAllParameters(params)
        .addVolumeCapabilities(mountRwo())
        .setCapacityRange(csi.v1.CapacityRange.newBuilder().setRequiredBytes(bytes));
  }

  CreateVolumeResponse create(String name, long bytes) {
    return stub().createVolume(createRequest(name, bytes, params()).build());
  }

  void delete(String volumeId) {
    stub().deleteVolume(DeleteVolumeRequest.newBuilder().setVolumeId(volumeId).build());
  }

  /** The stub with a generous deadline, so a hung call fails the test instead of CI. */
  ControllerGrpc.ControllerBlockingStub stub() {
    return stub.withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  /** The GroupController stub, with the same generous deadline. */
  csi.v1.GroupControllerGrpc.GroupControllerBlockingStub groupStub() {
    return csi.v1.GroupControllerGrpc.newBlockingStub(channel)
        .withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  static Status.Code codeOf(ThrowableAssert.ThrowingCallable call) {
    try {
      call.call();
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    } catch (Throwable t) {
      throw new AssertionError("expected a gRPC status, got " + t, t);
    }
    return Status.Code.OK;
  }

  @Override
  public void close() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.stop(Duration.ofSeconds(2));
    client.close();
    serviceClient.close();
    target.close();
    Files.deleteIfExists(dir);
  }
}
