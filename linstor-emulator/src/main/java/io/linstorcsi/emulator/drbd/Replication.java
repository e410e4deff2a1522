package io.linstorcsi.emulator.drbd;

import io.linstorcsi.emulator.state.Cluster;
import io.linstorcsi.emulator.state.Resource;
import io.linstorcsi.emulator.state.ResourceDefinition;
import io.linstorcsi.emulator.state.Resync;
import io.linstorcsi.emulator.state.SyncPolicy;

/**
 * DRBD's replication between the replicas of one resource definition: which peers are connected,
 * which replica resyncs from which, and how far. {@link #settle} brings resyncs up to date (they
 * run on the satellites between two REST calls); it is called before the state is shown and after
 * every control action.
 */
public final class Replication {
  private Replication() {}

  /**
   * The connection from {@code self} to {@code peer} as DRBD on self's node reports it. A replica
   * that cannot reach a peer keeps trying (Connecting); the side that gave up stands alone.
   */
  public static String connection(Resource self, Resource peer) {
    String override = self.connectionOverrides().get(peer.node().name());
    if (override != null) {
      return override;
    }
    if (self.adminDisconnected()) {
      return DrbdView.STANDALONE;
    }
    if (!peer.node().online() || !peer.deployed() || peer.down() || peer.adminDisconnected()) {
      return DrbdView.CONNECTING;
    }
    if (self.node().replicationLinkCut() || peer.node().replicationLinkCut()) {
      return DrbdView.CONNECTING;
    }
    if (unrelated(self, peer)) {
      // DRBD 9 "uuid_compare()=unrelated-data ... Unrelated data, aborting!": the newer replica
      // gives up (StandAlone) while the older keeps listening (Connecting)
      return self.nodeId() > peer.nodeId() ? DrbdView.STANDALONE : DrbdView.CONNECTING;
    }
    return DrbdView.CONNECTED;
  }

  public static boolean connected(Resource self, Resource peer) {
    return DrbdView.CONNECTED.equals(connection(self, peer));
  }

  /** Two diskful replicas whose data have different histories. */
  static boolean unrelated(Resource a, Resource b) {
    if (a.diskless() || b.diskless() || a.lineage() == null || b.lineage() == null) {
      return false;
    }
    return !a.lineage().equals(b.lineage());
  }

  /** A connected UpToDate diskful peer that {@code target} can resync from, or null. */
  public static Resource syncSource(Resource target) {
    for (Resource peer : target.definition().resources().values()) {
      if (peer != target
          && peer.hasDrbd()
          && !peer.diskless()
          && reporting(peer)
          && peer.resync() == null
          && peer.outOfSyncKib() == 0
          && !peer.outdated()
          && peer.diskStateOverride() == null
          && connected(target, peer)
          && connected(peer, target)) {
        return peer;
      }
    }
    return null;
  }

  /** The resync progress of every replica, and resyncs that start after a reconnection. */
  public static void settle(Cluster cluster, ResourceDefinition rd) {
    long now = cluster.nanoTime();
    SyncPolicy policy = cluster.syncPolicy();
    for (Resource rsc : rd.resources().values()) {
      if (!rsc.hasDrbd() || rsc.diskless() || !reporting(rsc)) {
        continue;
      }
      Resource source = syncSource(rsc);
      startPendingResync(rsc, source, now);
      Resync resync = rsc.resync();
      if (resync == null) {
        continue;
      }
      long elapsed = resync.tick(now);
      if (source == null) {
        continue;
      }
      switch (policy.mode()) {
        case INSTANT -> resync.complete();
        case TIMED -> resync.advanceKib(policy.kibPerSecond() * (elapsed / 1e9));
        case MANUAL -> {}
      }
      finishIfDone(rsc, source);
    }
  }

  /** Moves every running resync of the definition forward by {@code points} percent. */
  public static void advance(Cluster cluster, ResourceDefinition rd, String node, double points) {
    settle(cluster, rd);
    for (Resource rsc : rd.resources().values()) {
      Resync resync = rsc.resync();
      Resource source = syncSource(rsc);
      if (resync != null && source != null && (node == null || rsc.node().name().equals(node))) {
        resync.advancePercent(points);
        finishIfDone(rsc, source);
      }
    }
  }

  /** Finishes every resync of the definition that has a source. */
  public static void complete(Cluster cluster, ResourceDefinition rd, String node) {
    advance(cluster, rd, node, 100.0);
  }

  private static void startPendingResync(Resource rsc, Resource source, long now) {
    if (source == null || rsc.resync() != null) {
      return;
    }
    if (rsc.outOfSyncKib() > 0 || rsc.outdated()) {
      // DRBD resyncs only the blocks its bitmap marked while the peers were apart
      rsc.setResync(new Resync(rsc.outOfSyncKib(), now));
      rsc.setOutOfSyncKib(0);
      finishIfDone(rsc, source);
    }
  }

  private static void finishIfDone(Resource rsc, Resource source) {
    Resync resync = rsc.resync();
    if (resync != null && resync.finished()) {
      rsc.setResync(null);
      rsc.setOutdated(false);
      if (rsc.lineage() == null) {
        rsc.setLineage(source.lineage());
      }
    }
  }

  /** Whether the replica's satellite reports DRBD state (online, deployed, DRBD up). */
  public static boolean reporting(Resource rsc) {
    return rsc.node().online() && rsc.deployed() && !rsc.stateGone() && !rsc.down();
  }
}
