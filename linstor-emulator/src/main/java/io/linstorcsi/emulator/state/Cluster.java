package io.linstorcsi.emulator.state;

import io.linstorcsi.emulator.block.BlockStore;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** The whole emulated cluster state and the lock that guards it. */
public final class Cluster {
  public static final int FIRST_MINOR = 1000;
  public static final int FIRST_PORT = 7000;
  public static final int DEFAULT_PEER_SLOTS = 7;

  private final ReentrantLock lock = new ReentrantLock();
  private final boolean drbdSupported;
  private final long restPoolKib;
  private final BlockStore store;
  private final Map<String, Node> nodes = Names.map();
  private final Map<String, ResourceGroup> resourceGroups = Names.map();
  private final Map<String, ResourceDefinition> resourceDefinitions = Names.map();
  private final Set<String> storagePoolDefinitions = new TreeSet<>(Names.ORDER);
  private final Map<String, String> controllerProps = new TreeMap<>();
  private final Set<String> stoppedSatellites = new TreeSet<>(Names.ORDER);
  private final String reportPrefix;
  private final AtomicLong reportCounter = new AtomicLong();
  private volatile Duration satelliteDelay = Duration.ZERO;
  private SyncPolicy syncPolicy = SyncPolicy.INSTANT;
  private LongSupplier nanoClock = System::nanoTime;
  private int lineageCounter;

  public Cluster(boolean drbdSupported, long restPoolKib, BlockStore store) {
    this.drbdSupported = drbdSupported;
    this.restPoolKib = restPoolKib;
    this.store = store;
    this.reportPrefix = String.format("%08X", (int) (System.currentTimeMillis() / 1000));
    resourceGroups.put(ResourceGroup.DEFAULT, defaultGroup());
    storagePoolDefinitions.add("DfltStorPool");
    storagePoolDefinitions.add(StoragePool.DISKLESS_POOL);
    controllerProps.put("Cluster/LocalID", UUID.randomUUID().toString());
    controllerProps.put("DrbdOptions/AutoEvictAllowEviction", "True");
    controllerProps.put("DrbdOptions/Resource/on-no-quorum", "io-error");
    controllerProps.put("DrbdOptions/auto-add-quorum-tiebreaker", "True");
    controllerProps.put("DrbdOptions/auto-diskful-allow-cleanup", "True");
    controllerProps.put("DrbdOptions/auto-resync-after-disable", "true");
    controllerProps.put(
        "DrbdOptions/auto-verify-algo-allowed-list",
        "crct10dif;crc32c;sha384;sha512;sha256;sha1;md5;windrbd");
    // the connector settings a fresh controller database holds (recorded)
    for (String connector : new String[] {"DebugSslConnector", "SslConnector"}) {
      String prefix = "NetCom/" + connector + "/";
      controllerProps.put(prefix + "BindAddress", connector.startsWith("Debug") ? "::0" : "");
      controllerProps.put(prefix + "Enabled", "true");
      controllerProps.put(prefix + "KeyPasswd", "linstor");
      controllerProps.put(prefix + "KeyStore", "ssl/keystore.jks");
      controllerProps.put(prefix + "KeyStorePasswd", "linstor");
      controllerProps.put(prefix + "Port", connector.startsWith("Debug") ? "3373" : "3377");
      controllerProps.put(prefix + "SslProtocol", "TLSv1.2");
      controllerProps.put(prefix + "TrustStore", "ssl/certificates.jks");
      controllerProps.put(prefix + "TrustStorePasswd", "linstor");
      controllerProps.put(prefix + "Type", "SSL");
    }
    controllerProps.put("NetCom/PlainConnector/BindAddress", "");
    controllerProps.put("NetCom/PlainConnector/Enabled", "true");
    controllerProps.put("NetCom/PlainConnector/Port", "3376");
    controllerProps.put("NetCom/PlainConnector/Type", "Plain");
    controllerProps.put("defaultDebugSslConnector", "DebugSslConnector");
    controllerProps.put("defaultPlainConSvc", "PlainConnector");
    controllerProps.put("defaultSslConSvc", "");
  }

  private static ResourceGroup defaultGroup() {
    ResourceGroup group = new ResourceGroup(ResourceGroup.DEFAULT);
    group.setSelectFilter(
        new SelectFilter(
            2, null, null, null, null, null, null, null, null, null, null, null, null, null));
    return group;
  }

  /** Runs {@code work} holding the cluster lock. */
  public <T> T locked(Supplier<T> work) {
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }

  public void locked(Runnable work) {
    lock.lock();
    try {
      work.run();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Lets the configured satellite delay pass with the lock released, as the controller does while
   * satellites apply a change: concurrent readers see the intermediate state. Must be called
   * holding the lock once.
   */
  public void satelliteRoundTrip() {
    Duration delay = satelliteDelay;
    if (delay.isZero() || !lock.isHeldByCurrentThread()) {
      return;
    }
    lock.unlock();
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.lock();
    }
  }

  public void setSatelliteDelay(Duration value) {
    satelliteDelay = value == null ? Duration.ZERO : value;
  }

  public boolean drbdSupported() {
    return drbdSupported;
  }

  /** Total capacity given to pools that are created over REST (their size cannot be probed). */
  public long restPoolKib() {
    return restPoolKib;
  }

  public BlockStore store() {
    return store;
  }

  public Map<String, Node> nodes() {
    return nodes;
  }

  public Map<String, ResourceGroup> resourceGroups() {
    return resourceGroups;
  }

  /**
   * The node of that name, for the control and fault APIs: an unknown name is the caller's error.
   */
  public Node requireNode(String name) {
    Node node = nodes.get(name);
    if (node == null) {
      throw new IllegalArgumentException("no node " + name);
    }
    return node;
  }

  /** The resource definition of that name; an unknown name is the caller's error. */
  public ResourceDefinition requireDefinition(String name) {
    ResourceDefinition rd = resourceDefinitions.get(name);
    if (rd == null) {
      throw new IllegalArgumentException("no resource definition " + name);
    }
    return rd;
  }

  /** The replica of {@code resource} on {@code node}; a missing one is the caller's error. */
  public Resource requireReplica(String resource, String node) {
    Resource rsc = requireDefinition(resource).resources().get(node);
    if (rsc == null) {
      throw new IllegalArgumentException("resource " + resource + " has no replica on " + node);
    }
    return rsc;
  }

  public Map<String, ResourceDefinition> resourceDefinitions() {
    return resourceDefinitions;
  }

  public Set<String> storagePoolDefinitions() {
    return storagePoolDefinitions;
  }

  public Map<String, String> controllerProps() {
    return controllerProps;
  }

  /**
   * Satellites that are not running: nodes of these names are (and, once registered, stay) offline.
   */
  public Set<String> stoppedSatellites() {
    return stoppedSatellites;
  }

  public long now() {
    return System.currentTimeMillis();
  }

  /** An error report id in the controller's format, e.g. {@code 6B0DE848-00000-000001}. */
  public String newReportId() {
    return String.format("%s-00000-%06d", reportPrefix, reportCounter.getAndIncrement());
  }

  /**
   * The lowest DRBD minor no volume definition uses: the recorded controller handed out 1000
   * upwards and reused the numbers of deleted definitions.
   */
  public int allocateMinor(ResourceDefinition owner) {
    Set<Integer> used = new TreeSet<>();
    owner.volumeDefinitions().values().forEach(vd -> used.add(vd.minor()));
    for (ResourceDefinition rd : resourceDefinitions.values()) {
      rd.volumeDefinitions().values().forEach(vd -> used.add(vd.minor()));
    }
    return lowestFree(FIRST_MINOR, used);
  }

  /** The lowest DRBD TCP port no definition uses (7000 upwards, reused as recorded). */
  public int allocatePort() {
    Set<Integer> used = new TreeSet<>();
    resourceDefinitions.values().forEach(rd -> used.add(rd.tcpPort()));
    return lowestFree(FIRST_PORT, used);
  }

  private static int lowestFree(int first, Set<Integer> used) {
    int candidate = first;
    while (used.contains(candidate)) {
      candidate++;
    }
    return candidate;
  }

  public SyncPolicy syncPolicy() {
    return syncPolicy;
  }

  public void setSyncPolicy(SyncPolicy value) {
    syncPolicy = value == null ? SyncPolicy.INSTANT : value;
  }

  /** Monotonic time for resync progress. */
  public long nanoTime() {
    return nanoClock.getAsLong();
  }

  /** Replaces the clock timed resyncs run on (tests move it by hand). */
  public void setNanoClock(LongSupplier clock) {
    nanoClock = clock == null ? System::nanoTime : clock;
  }

  /** A new, unique DRBD data lineage (a restore or clone starts one). */
  public String newLineage(String origin) {
    return origin + "#" + (++lineageCounter);
  }
}
