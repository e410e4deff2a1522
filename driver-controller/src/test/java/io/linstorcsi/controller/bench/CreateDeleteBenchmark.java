package io.linstorcsi.controller.bench;

import csi.v1.CapacityRange;
import csi.v1.ControllerGrpc;
import csi.v1.CreateVolumeRequest;
import csi.v1.DeleteVolumeRequest;
import csi.v1.Topology;
import csi.v1.TopologyRequirement;
import csi.v1.VolumeCapability;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.linstorcsi.common.UnixSocketServer;
import io.linstorcsi.controller.ControllerConfig;
import io.linstorcsi.controller.ControllerService;
import io.linstorcsi.emulator.LinstorEmulator;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.model.ResourceGroup;
import io.linstorcsi.linstor.model.ResourceGroupSpawn;
import io.linstorcsi.linstor.model.SelectFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * CreateVolume (WaitForFirstConsumer: a selected node, two replicas) and DeleteVolume over the Unix
 * socket, against the bare LINSTOR work they stand for, in the same run: one resource-group spawn
 * of a two-replica volume, one resource-definition delete. The emulator answers every REST call
 * after an injected latency, as a real controller on the network would, so the figures are
 * dominated by round trips; the ratios are what counts.
 *
 * <p>Run from the repository root (see README, "Benchmarks"); the arguments are the rounds, the
 * latency per REST call and the satellites' time per write, both in milliseconds.
 */
public final class CreateDeleteBenchmark {
  private static final int WARMUP = 5;
  private static final long SIZE = 1L << 30;
  private static final String POOL = "sp1";

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    Duration latency = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 20);
    // The time satellites take to apply a write (a real spawn waits for it): 0 measures round
    // trips only.
    Duration satellites = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 0);
    LinstorEmulator emu =
        LinstorEmulator.builder()
            .nodes("node-a", "node-b", "node-c")
            .storagePool(POOL, "FILE_THIN", 1L << 30)
            .port(0)
            .build()
            .start();
    Path dir = Files.createTempDirectory("lcsi-bench-");
    List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (LinstorClient bare = client(emu, null);
        LinstorClient driver = client(emu, calls)) {
      UnixSocketServer server =
          UnixSocketServer.start(
              dir.resolve("csi.sock"),
              List.of(new ControllerService(driver, ControllerConfig.defaults("bench"))),
              List.of());
      ManagedChannel channel =
          Grpc.newChannelBuilder(
                  "unix://" + dir.resolve("csi.sock"), InsecureChannelCredentials.create())
              .build();
      try {
        new CreateDeleteBenchmark(emu, bare, ControllerGrpc.newBlockingStub(channel), calls)
            .run(rounds, latency, satellites);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.stop(Duration.ofSeconds(2));
      }
    } finally {
      emu.close();
      Files.deleteIfExists(dir.resolve("csi.sock"));
      Files.deleteIfExists(dir);
    }
  }

  private static LinstorClient client(LinstorEmulator emu, List<String> counter) {
    return LinstorClient.builder()
        .endpoints(List.of(emu.baseUrl()))
        .callTimeout(Duration.ofSeconds(30))
        .retries(0)
        .listener(
            e -> {
              if (counter != null) {
                counter.add(e.method() + " " + e.operation());
              }
            })
        .build();
  }

  private final LinstorEmulator emu;
  private final LinstorClient bare;
  private final ControllerGrpc.ControllerBlockingStub csi;
  private final List<String> calls;
  private final Map<String, String> params;
  private final String group;
  private List<String> lastCreate = List.of();
  private List<String> lastDelete = List.of();

  private CreateDeleteBenchmark(
      LinstorEmulator emu,
      LinstorClient bare,
      ControllerGrpc.ControllerBlockingStub csi,
      List<String> calls) {
    this.emu = emu;
    this.bare = bare;
    this.csi = csi;
    this.calls = calls;
    this.params =
        Map.of(
            "linstor.csi.linbit.com/storagePool",
            POOL,
            "linstor.csi.linbit.com/placementCount",
            "2");
    this.group = "bench-bare";
  }

  private void run(int rounds, Duration latency, Duration satellites) throws Exception {
    bare.resourceGroups()
        .create(
            ResourceGroup.of(
                group,
                null,
                Map.of(),
                SelectFilter.builder()
                    .placeCount(2)
                    .storagePoolList(List.of(POOL))
                    .layerStack(List.of("DRBD", "STORAGE"))
                    .build()));
    // One volume of the StorageClass stays throughout, so its generated resource group is not
    // removed with each deleted volume (steady state, as in a cluster).
    csi.withDeadlineAfter(60, TimeUnit.SECONDS)
        .createVolume(createRequest("pvc-keeper-" + UUID.randomUUID()));
    // Warm up JIT, connections and the driver's resource group check without latency.
    for (int i = 0; i < WARMUP; i++) {
      round();
    }
    emu.faults().latency(latency);
    emu.faults().satelliteDelay(satellites);
    List<Long> bareCreate = new ArrayList<>();
    List<Long> bareDelete = new ArrayList<>();
    List<Long> csiCreate = new ArrayList<>();
    List<Long> csiDelete = new ArrayList<>();
    int createCalls = 0;
    int deleteCalls = 0;
    for (int i = 0; i < rounds; i++) {
      long[] r = round();
      bareCreate.add(r[0]);
      bareDelete.add(r[1]);
      csiCreate.add(r[2]);
      csiDelete.add(r[3]);
      createCalls = (int) r[4];
      deleteCalls = (int) r[5];
    }
    emu.faults().clearCallFaults();
    emu.faults().satelliteDelay(Duration.ZERO);
    System.out.printf(
        "%d rounds, %d ms injected latency per REST call, %d ms satellite time per write,"
            + " medians:%n",
        rounds, latency.toMillis(), satellites.toMillis());
    report("CreateVolume (selected node, 2 replicas)", median(csiCreate), median(bareCreate));
    report("DeleteVolume", median(csiDelete), median(bareDelete));
    System.out.printf(
        "REST calls per RPC: CreateVolume %d (bare spawn 1), DeleteVolume %d (bare delete 1)%n",
        createCalls, deleteCalls);
    System.out.println("  last CreateVolume: " + lastCreate);
    System.out.println("  last DeleteVolume: " + lastDelete);
  }

  /** One bare create+delete and one CSI create+delete; nanoseconds, then the CSI call counts. */
  private long[] round() {
    String name = "bench-" + UUID.randomUUID();
    long t0 = System.nanoTime();
    bare.resourceGroups()
        .spawn(
            group,
            new ResourceGroupSpawn(
                name, null, List.of(SIZE / 1024), null, false, false, null, null));
    long t1 = System.nanoTime();
    bare.resourceDefinitions().delete(name);
    long t2 = System.nanoTime();
    String vol = "pvc-" + UUID.randomUUID();
    calls.clear();
    long t3 = System.nanoTime();
    csi.withDeadlineAfter(60, TimeUnit.SECONDS).createVolume(createRequest(vol));
    long t4 = System.nanoTime();
    int createCalls = calls.size();
    lastCreate = List.copyOf(calls);
    calls.clear();
    csi.withDeadlineAfter(60, TimeUnit.SECONDS)
        .deleteVolume(DeleteVolumeRequest.newBuilder().setVolumeId(vol).build());
    long t5 = System.nanoTime();
    lastDelete = List.copyOf(calls);
    return new long[] {t1 - t0, t2 - t1, t4 - t3, t5 - t4, createCalls, calls.size()};
  }

  private CreateVolumeRequest createRequest(String name) {
    TopologyRequirement.Builder topology = TopologyRequirement.newBuilder();
    for (String n : List.of("node-b", "node-c", "node-a")) {
      Topology t = Topology.newBuilder().putSegments("linbit.com/hostname", n).build();
      topology.addRequisite(t).addPreferred(t);
    }
    return CreateVolumeRequest.newBuilder()
        .setName(name)
        .putAllParameters(params)
        .addVolumeCapabilities(
            VolumeCapability.newBuilder()
                .setMount(VolumeCapability.MountVolume.newBuilder().setFsType("ext4"))
                .setAccessMode(
                    VolumeCapability.AccessMode.newBuilder()
                        .setMode(VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER)))
        .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(SIZE))
        .setAccessibilityRequirements(topology)
        .build();
  }

  private static void report(String what, long driverNanos, long bareNanos) {
    System.out.printf(
        "  %-42s %7.1f ms vs bare %7.1f ms: ratio %.2f%n",
        what, driverNanos / 1e6, bareNanos / 1e6, (double) driverNanos / bareNanos);
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
