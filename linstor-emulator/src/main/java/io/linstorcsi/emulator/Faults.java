package io.linstorcsi.emulator;

import io.linstorcsi.emulator.drbd.DrbdView;
import io.linstorcsi.emulator.server.CallFaults;
import io.linstorcsi.emulator.state.Cluster;
import io.linstorcsi.emulator.state.Node;
import io.linstorcsi.emulator.state.NodeLifecycle;
import io.linstorcsi.emulator.state.Resource;
import io.linstorcsi.emulator.state.ResourceDefinition;
import io.linstorcsi.emulator.state.StoragePool;
import io.linstorcsi.emulator.state.Volume;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Fault injection. Satellites can go away and come back, REST calls can fail, hang or slow down,
 * pools can fill up, and the DRBD state of a resource can degrade, disconnect, split-brain or lose
 * quorum. Every method returns this object for chaining and throws {@link IllegalArgumentException}
 * for unknown names.
 */
public final class Faults {
  public static final String OUTDATED = "Outdated";
  public static final String INCONSISTENT = "Inconsistent";

  private final Cluster cluster;
  private final CallFaults calls;

  Faults(Cluster cluster, CallFaults calls) {
    this.cluster = cluster;
    this.calls = calls;
  }

  // ------------------------------------------------------------------ satellites

  /**
   * Stops a node's satellite: the node turns OFFLINE (with an eviction time), its peers see it
   * disconnected and its own resources report no state. A node registered later under this name
   * stays offline too.
   */
  public Faults nodeOffline(String node) {
    cluster.locked(
        () -> {
          cluster.stoppedSatellites().add(node);
          Node n = cluster.nodes().get(node);
          if (n != null) {
            NodeLifecycle.takeOffline(cluster, n);
          }
        });
    return this;
  }

  /** Restarts the satellite: the node is ONLINE again and catches up on what happened meanwhile. */
  public Faults nodeOnline(String node) {
    cluster.locked(
        () -> {
          cluster.stoppedSatellites().remove(node);
          NodeLifecycle.bringOnline(cluster, cluster.requireNode(node));
        });
    return this;
  }

  // ------------------------------------------------------------------ REST calls

  /**
   * The next {@code count} REST calls answer HTTP 500 with an error ApiCallRc and change nothing.
   */
  public Faults failNext(int count) {
    return failNext(count, null, null);
  }

  /**
   * Like {@link #failNext(int)} for calls with this method (null: any) whose route template equals
   * {@code pathPattern} or whose path matches it as a glob ({@code *} one segment, {@code **} the
   * rest).
   */
  public Faults failNext(int count, String method, String pathPattern) {
    calls.add(CallFaults.Kind.FAIL, count, method, pathPattern, Duration.ZERO);
    return this;
  }

  /**
   * The next {@code count} REST calls get no answer for {@code duration}; then the connection is
   * dropped and nothing was changed. Clients with a shorter timeout see their timeout.
   */
  public Faults hangNext(int count, Duration duration) {
    return hangNext(count, duration, null, null);
  }

  public Faults hangNext(int count, Duration duration, String method, String pathPattern) {
    calls.add(
        CallFaults.Kind.HANG,
        count,
        method,
        pathPattern,
        Objects.requireNonNull(duration, "duration"));
    return this;
  }

  /** Every REST call waits this long before it is handled. */
  public Faults latency(Duration perCall) {
    calls.setLatency(perCall);
    return this;
  }

  /**
   * Changes that involve satellites take this long, with the cluster unlocked in between, so that
   * readers see the intermediate states a real controller shows (resources without device path,
   * snapshots without SUCCESSFUL, definitions flagged DELETE or RESIZE).
   */
  public Faults satelliteDelay(Duration delay) {
    cluster.setSatelliteDelay(delay);
    return this;
  }

  /** Removes call failures, hangs, latency and the satellite delay. */
  public Faults clearCallFaults() {
    calls.clear();
    cluster.setSatelliteDelay(Duration.ZERO);
    return this;
  }

  // ------------------------------------------------------------------ storage

  /** The pool reports no free space, so new volumes do not fit (or frees it again). */
  public Faults poolFull(String node, String pool, boolean full) {
    cluster.locked(() -> pool(node, pool).setFull(full));
    return this;
  }

  /**
   * The pool still advertises snapshots but cannot take them, like FILE_THIN on a file system
   * without reflink: snapshot creation fails with FAIL_SNAPSHOTS_NOT_SUPPORTED.
   */
  public Faults snapshotsFail(String node, String pool, boolean fail) {
    cluster.locked(() -> pool(node, pool).setSnapshotsBroken(fail));
    return this;
  }

  /**
   * The satellite fails while taking a snapshot on this pool, after the controller registered it:
   * LINSTOR flags every snapshot of the request FAILED_DEPLOYMENT, resumes IO and answers an error,
   * and the snapshot definitions stay (linstor-server CtrlSnapshotCrtApiCallHandler abortSnapshot).
   */
  public Faults snapshotTakeFails(String node, String pool, boolean fail) {
    cluster.locked(() -> pool(node, pool).setSnapshotTakeFails(fail));
    return this;
  }

  /**
   * Declares that {@code kib} of a volume are written, so its thin pools lose that much free space
   * (without a backing directory; with one, the sparse files tell the truth).
   */
  public Faults writeData(String resource, int volume, long kib) {
    cluster.locked(
        () -> {
          boolean found = false;
          for (Resource rsc : cluster.requireDefinition(resource).resources().values()) {
            Volume v = rsc.volumes().get(volume);
            if (v != null) {
              v.setWrittenKib(kib);
              found = true;
            }
          }
          if (!found) {
            throw new IllegalArgumentException("resource " + resource + " has no volume " + volume);
          }
        });
    return this;
  }

  // ------------------------------------------------------------------ DRBD

  /**
   * Sets the DRBD disk state of the replica's volumes, e.g. {@link #OUTDATED} or {@link
   * #INCONSISTENT}.
   */
  public Faults diskState(String resource, String node, String diskState) {
    cluster.locked(() -> cluster.requireReplica(resource, node).setDiskStateOverride(diskState));
    return this;
  }

  /** The replica on {@code node} falls behind: its disk is Outdated (the resource is degraded). */
  public Faults degrade(String resource, String node) {
    return diskState(resource, node, OUTDATED);
  }

  /** The replicas on the two nodes lose their connection; both keep trying ("Connecting"). */
  public Faults disconnect(String resource, String nodeA, String nodeB) {
    return connection(resource, nodeA, nodeB, DrbdView.CONNECTING);
  }

  /** Split brain between two replicas: both stand alone and refuse to reconnect ("StandAlone"). */
  public Faults splitBrain(String resource, String nodeA, String nodeB) {
    return connection(resource, nodeA, nodeB, DrbdView.STANDALONE);
  }

  /** Split brain between every pair of replicas of the resource. */
  public Faults splitBrain(String resource) {
    List<String> nodes =
        cluster.locked(() -> List.copyOf(cluster.requireDefinition(resource).resources().keySet()));
    for (int i = 0; i < nodes.size(); i++) {
      for (int j = i + 1; j < nodes.size(); j++) {
        splitBrain(resource, nodes.get(i), nodes.get(j));
      }
    }
    return this;
  }

  private Faults connection(String resource, String nodeA, String nodeB, String state) {
    cluster.locked(
        () -> {
          Resource a = cluster.requireReplica(resource, nodeA);
          Resource b = cluster.requireReplica(resource, nodeB);
          a.connectionOverrides().put(b.node().name(), state);
          b.connectionOverrides().put(a.node().name(), state);
        });
    return this;
  }

  /** The replica on {@code node} has lost quorum: it may not be promoted. */
  public Faults noQuorum(String resource, String node) {
    cluster.locked(() -> cluster.requireReplica(resource, node).setQuorumLost(true));
    return this;
  }

  /**
   * Forces DRBD's "in use" (Primary) of a replica, as if a pod had it open; null returns to
   * detection.
   */
  public Faults inUse(String resource, String node, Boolean inUse) {
    cluster.locked(() -> cluster.requireReplica(resource, node).setInUseOverride(inUse));
    return this;
  }

  /** Clears every DRBD fault of the resource: all replicas UpToDate, connected, with quorum. */
  public Faults heal(String resource) {
    cluster.locked(
        () -> {
          for (Resource rsc : cluster.requireDefinition(resource).resources().values()) {
            rsc.connectionOverrides().clear();
            rsc.setDiskStateOverride(null);
            rsc.setQuorumLost(false);
            rsc.setInUseOverride(null);
            rsc.setAdminDisconnected(false);
            rsc.setDown(false);
            rsc.setOutdated(false);
            rsc.setOutOfSyncKib(0);
            rsc.setResync(null);
          }
          alignLineages(cluster.requireDefinition(resource));
        });
    return this;
  }

  /** After a heal every diskful replica holds the same data (the first replica's). */
  private static void alignLineages(ResourceDefinition rd) {
    String lineage = null;
    for (Resource rsc : rd.resources().values()) {
      if (!rsc.diskless() && rsc.lineage() != null) {
        lineage = lineage == null ? rsc.lineage() : lineage;
        rsc.setLineage(lineage);
      }
    }
  }

  // ------------------------------------------------------------------ lookups

  private StoragePool pool(String node, String pool) {
    StoragePool p = cluster.requireNode(node).pools().get(pool);
    if (p == null) {
      throw new IllegalArgumentException("no storage pool " + pool + " on node " + node);
    }
    return p;
  }
}
