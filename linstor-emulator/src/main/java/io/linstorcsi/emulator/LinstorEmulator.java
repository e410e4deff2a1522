package io.linstorcsi.emulator;

import io.linstorcsi.emulator.backup.BackupService;
import io.linstorcsi.emulator.block.BlockStore;
import io.linstorcsi.emulator.block.EmulatedBlockStore;
import io.linstorcsi.emulator.block.LoopBlockStore;
import io.linstorcsi.emulator.control.ControlApi;
import io.linstorcsi.emulator.rest.RestApi;
import io.linstorcsi.emulator.server.CallFaults;
import io.linstorcsi.emulator.server.EmulatorHttpServer;
import io.linstorcsi.emulator.state.Cluster;
import io.linstorcsi.emulator.state.Names;
import io.linstorcsi.emulator.state.NetInterface;
import io.linstorcsi.emulator.state.Node;
import io.linstorcsi.emulator.state.NodeLifecycle;
import io.linstorcsi.emulator.state.ProviderKind;
import io.linstorcsi.emulator.state.StoragePools;
import io.linstorcsi.emulator.state.SyncPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process LINSTOR controller speaking REST API v1 on 127.0.0.1, with emulated satellites,
 * storage pools with real capacity accounting, the DRBD layer's state, optional real block devices
 * (sparse files on loop devices) and fault injection.
 *
 * <pre>{@code
 * try (LinstorEmulator emu = LinstorEmulator.builder()
 *         .nodes("node-a", "node-b", "node-c")
 *         .storagePool("sp1", "FILE_THIN", 20L << 20)
 *         .build().start()) {
 *   URI url = emu.baseUrl();
 *   emu.faults().nodeOffline("node-c");
 *   int calls = emu.requests().count();
 * }
 * }</pre>
 */
public final class LinstorEmulator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LinstorEmulator.class);

  /** Providers every recorded satellite offered, whatever its pools. */
  private static final Set<ProviderKind> BASE_PROVIDERS =
      EnumSet.of(
          ProviderKind.DISKLESS,
          ProviderKind.FILE,
          ProviderKind.FILE_THIN,
          ProviderKind.REMOTE_SPDK,
          ProviderKind.EBS_INIT,
          ProviderKind.EBS_TARGET);

  private final Builder config;
  private final Cluster cluster;
  private final CallFaults callFaults = new CallFaults();
  private final Faults faults;
  private final DrbdControl drbd;
  private final BackupService backups = new BackupService();
  private final BackupControl backupControl;
  private final RequestLog requests = new RequestLog();
  private final Set<ProviderKind> providers;
  private EmulatorHttpServer server;
  private Thread shutdownHook;
  private boolean closed;

  private LinstorEmulator(Builder config) {
    this.config = config;
    BlockStore store =
        config.backingDir == null
            ? new EmulatedBlockStore()
            : new LoopBlockStore(config.backingDir);
    this.cluster = new Cluster(config.drbd, config.restPoolKib, store);
    this.faults = new Faults(cluster, callFaults);
    this.drbd = new DrbdControl(cluster);
    this.backupControl = new BackupControl(cluster, backups);
    this.providers = EnumSet.copyOf(BASE_PROVIDERS);
    for (PoolSpec pool : config.pools) {
      providers.add(pool.kind());
    }
    providers.addAll(config.extraProviders);
    populate();
    cluster.setSatelliteDelay(config.satelliteDelay);
    cluster.setSyncPolicy(config.syncPolicy);
    cluster.setNanoClock(config.syncClock);
  }

  public static Builder builder() {
    return new Builder();
  }

  private void populate() {
    int port = 3366;
    for (String name : config.nodes) {
      Node node = new Node(name, "SATELLITE");
      node.netInterfaces()
          .add(new NetInterface("default", "127.0.0.1", port, "PLAIN", UUID.randomUUID()));
      port += 10;
      node.props().put("CurStltConnName", "default");
      NodeLifecycle.addDisklessPool(node);
      node.goOnline();
      cluster.nodes().put(name, node);
      for (PoolSpec pool : config.pools) {
        StoragePools.create(cluster, node, pool.name(), pool.kind(), pool.sizeKib(), Map.of());
      }
    }
    for (String name : config.offline) {
      Node node = cluster.nodes().get(name);
      if (node == null) {
        throw new IllegalArgumentException("offline node " + name + " is not among the nodes");
      }
      cluster.stoppedSatellites().add(name);
      NodeLifecycle.takeOffline(cluster, node);
    }
  }

  /** Binds the port and starts serving; returns this. */
  public synchronized LinstorEmulator start() {
    if (server != null) {
      return this;
    }
    try {
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port);
      server =
          new EmulatorHttpServer(
              address,
              config.tls == null ? null : config.tls.sslContext(),
              config.tls != null && config.tls.clientCertificateRequired(),
              RestApi.router(cluster, providers, backups),
              new ControlApi(faults, drbd, requests, backupControl),
              callFaults,
              requests::add);
      server.start();
    } catch (RuntimeException e) {
      cluster.store().close();
      throw e;
    }
    shutdownHook = new Thread(this::cleanUp, "linstor-emulator-cleanup");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    LOG.info("LINSTOR emulator listening on {}", baseUrl());
    return this;
  }

  /** {@code http://127.0.0.1:PORT} (https with TLS); REST paths start with {@code /v1/}. */
  public URI baseUrl() {
    requireStarted();
    return URI.create((config.tls == null ? "http" : "https") + "://127.0.0.1:" + server.port());
  }

  public int port() {
    requireStarted();
    return server.port();
  }

  public Faults faults() {
    return faults;
  }

  /** Control of the emulated DRBD: resync progress, replication links, drbdadm actions. */
  public DrbdControl drbd() {
    return drbd;
  }

  public RequestLog requests() {
    return requests;
  }

  /** Backup shipping control (pace, S3 faults, interruptions) and volume data access. */
  public BackupControl backups() {
    return backupControl;
  }

  /** Stops serving, detaches the loop devices and removes the backing files. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    cleanUp();
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down; the hook runs the same clean-up
      }
    }
  }

  private synchronized void cleanUp() {
    if (closed) {
      return;
    }
    closed = true;
    if (server != null) {
      server.stop();
    }
    backups.close();
    cluster.store().close();
  }

  private void requireStarted() {
    if (server == null) {
      throw new IllegalStateException("the emulator is not started; call start()");
    }
  }

  record PoolSpec(String name, ProviderKind kind, long sizeKib) {}

  /** Configuration of an emulator; {@link #build()} creates it (not yet listening). */
  public static final class Builder {
    private final Set<String> nodes = new LinkedHashSet<>();
    private final List<PoolSpec> pools = new ArrayList<>();
    private final Set<String> offline = new LinkedHashSet<>();
    private final Set<ProviderKind> extraProviders = EnumSet.noneOf(ProviderKind.class);
    private Path backingDir;
    private int port;
    private TlsMaterial tls;
    private boolean drbd = true;
    private long restPoolKib = 20L << 20;
    private Duration satelliteDelay = Duration.ZERO;
    private SyncPolicy syncPolicy = SyncPolicy.INSTANT;
    private java.util.function.LongSupplier syncClock;

    private Builder() {}

    /** Satellites, registered and ONLINE. */
    public Builder nodes(String... names) {
      for (String name : names) {
        if (Names.invalidReason(name, 2, 255) != null) {
          throw new IllegalArgumentException("invalid node name " + name);
        }
        nodes.add(name);
      }
      return this;
    }

    /** A storage pool of this provider kind (e.g. FILE_THIN, LVM_THIN) and size on every node. */
    public Builder storagePool(String name, String providerKind, long sizeKib) {
      ProviderKind kind = ProviderKind.parse(providerKind);
      if (kind == ProviderKind.DISKLESS || sizeKib <= 0) {
        throw new IllegalArgumentException(
            "a storage pool needs a disk kind and a size, got " + providerKind);
      }
      pools.add(new PoolSpec(name, kind, sizeKib));
      return this;
    }

    /** Backs volumes with sparse files in this directory and loop devices (needs root). */
    public Builder backingDir(Path dir) {
      this.backingDir = dir;
      return this;
    }

    /** Nodes whose satellites are down from the start. */
    public Builder offline(String... names) {
      offline.addAll(List.of(names));
      return this;
    }

    /** The port on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder port(int value) {
      this.port = value;
      return this;
    }

    /** Serves HTTPS with this certificate (and requires client certificates if it says so). */
    public Builder tls(TlsMaterial material) {
      this.tls = material;
      return this;
    }

    /**
     * Whether the satellites support the DRBD layer (default true). Without it they offer only
     * STORAGE, like the satellites of the recorded controller.
     */
    public Builder drbd(boolean supported) {
      this.drbd = supported;
      return this;
    }

    /**
     * Further storage providers the satellites support (besides the pools' kinds and the file
     * kinds).
     */
    public Builder providers(String... kinds) {
      for (String kind : kinds) {
        extraProviders.add(ProviderKind.parse(kind));
      }
      return this;
    }

    /** Size given to pools created over REST (their size cannot be probed); default 20 GiB. */
    public Builder restPoolSizeKib(long sizeKib) {
      this.restPoolKib = sizeKib;
      return this;
    }

    /** Time satellites take to apply a change (see {@link Faults#satelliteDelay}); default none. */
    /**
     * How DRBD resyncs progress: {@link SyncPolicy#INSTANT} (default), {@link SyncPolicy#MANUAL}
     * (only through {@link DrbdControl#advanceSync}) or {@link SyncPolicy#timed}.
     */
    public Builder syncPolicy(SyncPolicy policy) {
      syncPolicy = java.util.Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * The monotonic nanosecond clock a {@link SyncPolicy#timed} resync runs on (default {@code
     * System::nanoTime}); a test can move it by hand instead of sleeping.
     */
    public Builder syncClock(java.util.function.LongSupplier nanos) {
      syncClock = nanos;
      return this;
    }

    public Builder satelliteDelay(Duration delay) {
      this.satelliteDelay = delay;
      return this;
    }

    public LinstorEmulator build() {
      return new LinstorEmulator(this);
    }
  }
}
