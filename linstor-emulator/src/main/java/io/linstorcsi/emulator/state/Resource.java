package io.linstorcsi.emulator.state;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A resource: one replica (diskful, diskless or tie-breaker) of a resource definition on a node.
 */
public final class Resource {
  public static final String FLAG_DELETE = "DELETE";
  public static final String FLAG_DISKLESS = "DISKLESS";
  public static final String FLAG_DRBD_DISKLESS = "DRBD_DISKLESS";
  public static final String FLAG_TIE_BREAKER = "TIE_BREAKER";

  private final ResourceDefinition definition;
  private final Node node;
  private final UUID uuid = UUID.randomUUID();
  private final Map<String, String> props = new TreeMap<>();
  private final Set<String> flags = new LinkedHashSet<>();
  private final Map<Integer, Volume> volumes = new TreeMap<>();
  private final List<String> layerStack;
  private final int nodeId;
  private StoragePool pool;
  private Long createTimestamp;
  private boolean deployed;
  private boolean removed;
  private boolean stateGone;

  // DRBD faults injected on this replica
  private final Map<String, String> connectionOverrides = new HashMap<>();
  private String diskStateOverride;
  private boolean quorumLost;
  private Boolean inUseOverride;

  // the replica's DRBD data as the emulated satellite keeps it
  private String lineage;
  private String restoredLineage;
  private Resync resync;
  private long outOfSyncKib;
  private boolean outdated;
  private boolean adminDisconnected;
  private boolean down;

  public Resource(ResourceDefinition definition, Node node, List<String> layerStack, int nodeId) {
    this.definition = definition;
    this.node = node;
    this.layerStack = List.copyOf(layerStack);
    this.nodeId = nodeId;
  }

  public ResourceDefinition definition() {
    return definition;
  }

  public Node node() {
    return node;
  }

  public UUID uuid() {
    return uuid;
  }

  public Map<String, String> props() {
    return props;
  }

  public Set<String> flags() {
    return flags;
  }

  public Map<Integer, Volume> volumes() {
    return volumes;
  }

  public List<String> layerStack() {
    return layerStack;
  }

  public boolean hasDrbd() {
    return layerStack.contains("DRBD");
  }

  public int nodeId() {
    return nodeId;
  }

  /** The pool the resource's volumes live in (the node's diskless pool for diskless replicas). */
  public StoragePool pool() {
    return pool;
  }

  public void setPool(StoragePool value) {
    pool = value;
  }

  public Long createTimestamp() {
    return createTimestamp;
  }

  /** Whether the satellite has created the volumes (device paths known). */
  public boolean deployed() {
    return deployed;
  }

  public void markDeployed(long nowMillis) {
    deployed = true;
    if (createTimestamp == null) {
      createTimestamp = nowMillis;
    }
  }

  public boolean diskless() {
    return flags.contains(FLAG_DRBD_DISKLESS) || flags.contains(FLAG_DISKLESS);
  }

  public boolean tieBreaker() {
    return flags.contains(FLAG_TIE_BREAKER);
  }

  public boolean deleting() {
    return flags.contains(FLAG_DELETE);
  }

  /**
   * Set once the resource left its definition; a request that paused for the satellite checks it.
   */
  public boolean removed() {
    return removed;
  }

  public void markRemoved() {
    removed = true;
  }

  /**
   * The satellite has taken the resource down on its way to deletion and no longer reports its
   * state.
   */
  public boolean stateGone() {
    return stateGone;
  }

  public void markStateGone() {
    stateGone = true;
  }

  public Map<String, String> connectionOverrides() {
    return connectionOverrides;
  }

  public String diskStateOverride() {
    return diskStateOverride;
  }

  public void setDiskStateOverride(String value) {
    diskStateOverride = value;
  }

  public boolean quorumLost() {
    return quorumLost;
  }

  public void setQuorumLost(boolean value) {
    quorumLost = value;
  }

  public Boolean inUseOverride() {
    return inUseOverride;
  }

  public void setInUseOverride(Boolean value) {
    inUseOverride = value;
  }

  /**
   * The DRBD data generation this replica's data descends from (stands for DRBD's current and
   * history UUIDs): two diskful replicas with different lineages hold unrelated data and refuse to
   * connect. Null while the replica's metadata is "just created" (it takes any peer's data by a
   * full resync).
   */
  public String lineage() {
    return lineage;
  }

  public void setLineage(String value) {
    lineage = value;
  }

  /** Set before deployment when the replica is restored from a snapshot (its data lineage). */
  public String restoredLineage() {
    return restoredLineage;
  }

  public void setRestoredLineage(String value) {
    restoredLineage = value;
  }

  /** The resync that makes this replica UpToDate, or null. */
  public Resync resync() {
    return resync;
  }

  public void setResync(Resync value) {
    resync = value;
  }

  /** Data written by a peer while this replica was not connected to it (DRBD's bitmap). */
  public long outOfSyncKib() {
    return outOfSyncKib;
  }

  public void setOutOfSyncKib(long value) {
    outOfSyncKib = value;
  }

  /** The Primary disconnected from this replica on purpose: DRBD marked the data Outdated. */
  public boolean outdated() {
    return outdated;
  }

  public void setOutdated(boolean value) {
    outdated = value;
  }

  /** {@code drbdadm disconnect} ran on this node: StandAlone towards every peer. */
  public boolean adminDisconnected() {
    return adminDisconnected;
  }

  public void setAdminDisconnected(boolean value) {
    adminDisconnected = value;
  }

  /** {@code drbdadm down} ran on this node: no DRBD state reported, peers see it Connecting. */
  public boolean down() {
    return down;
  }

  public void setDown(boolean value) {
    down = value;
  }
}
