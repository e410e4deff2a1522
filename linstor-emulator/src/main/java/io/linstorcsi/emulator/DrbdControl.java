package io.linstorcsi.emulator;

import io.linstorcsi.emulator.drbd.DrbdView;
import io.linstorcsi.emulator.drbd.Replication;
import io.linstorcsi.emulator.state.Cluster;
import io.linstorcsi.emulator.state.Resource;
import io.linstorcsi.emulator.state.ResourceDefinition;
import io.linstorcsi.emulator.state.SyncPolicy;
import java.util.Map;

/**
 * Control of the emulated DRBD: how resyncs progress (and moving them forward), the replication
 * network of a node, writes on a Primary, and the {@code drbdadm} actions an operator runs on a
 * node. Every method throws {@link IllegalArgumentException} for unknown names and returns this
 * object for chaining, except {@link #state}.
 */
public final class DrbdControl {
  private final Cluster cluster;

  DrbdControl(Cluster cluster) {
    this.cluster = cluster;
  }

  // ------------------------------------------------------------------ resync

  /** How resyncs progress from now on (default {@link SyncPolicy#INSTANT}). */
  public DrbdControl syncPolicy(SyncPolicy policy) {
    cluster.locked(
        () -> {
          settleAll();
          cluster.setSyncPolicy(policy);
        });
    return this;
  }

  /** Moves every running resync of the resource forward by {@code percent} points. */
  public DrbdControl advanceSync(String resource, double percent) {
    return advanceSync(resource, null, percent);
  }

  /** Like {@link #advanceSync(String, double)} for the replica on {@code node} (null: all). */
  public DrbdControl advanceSync(String resource, String node, double percent) {
    if (percent < 0) {
      throw new IllegalArgumentException("percent must not be negative");
    }
    cluster.locked(
        () -> Replication.advance(cluster, cluster.requireDefinition(resource), node, percent));
    return this;
  }

  /** Finishes every resync of the resource that has a source: all its replicas UpToDate. */
  public DrbdControl completeSync(String resource) {
    cluster.locked(() -> Replication.complete(cluster, cluster.requireDefinition(resource), null));
    return this;
  }

  // ------------------------------------------------------------------ network

  /**
   * Cuts the node's replication link: all its DRBD connections go Connecting, the controller still
   * reaches the satellite (recorded link cut).
   */
  public DrbdControl cutLink(String node) {
    return link(node, true);
  }

  /** Restores the node's replication link: peers reconnect and resync what was written. */
  public DrbdControl restoreLink(String node) {
    return link(node, false);
  }

  private DrbdControl link(String node, boolean cut) {
    cluster.locked(
        () -> {
          cluster.requireNode(node).setReplicationLinkCut(cut);
          settleAll();
        });
    return this;
  }

  // ------------------------------------------------------------------ data

  /**
   * The replica on {@code node} writes {@code kib} (as a Primary would): peers that are not
   * connected to it get that much out of sync and resync it when they reconnect.
   *
   * @throws IllegalStateException when the replica has no UpToDate data to write to (a diskless
   *     Primary whose UpToDate peers are unreachable: DRBD fails the I/O)
   */
  public DrbdControl write(String resource, String node, long kib) {
    cluster.locked(
        () -> {
          Resource writer = cluster.requireReplica(resource, node);
          Replication.settle(cluster, writer.definition());
          if (!DrbdView.ioPossible(writer)) {
            throw new IllegalStateException(
                "I/O error: the replica of "
                    + resource
                    + " on "
                    + node
                    + " has no UpToDate data it can reach");
          }
          for (Resource peer : writer.definition().resources().values()) {
            if (peer != writer
                && !peer.diskless()
                && peer.hasDrbd()
                && !Replication.connected(writer, peer)) {
              long size =
                  peer.definition().volumeDefinitions().values().stream()
                      .mapToLong(vd -> vd.sizeKib())
                      .sum();
              peer.setOutOfSyncKib(Math.min(size, peer.outOfSyncKib() + kib));
            }
          }
        });
    return this;
  }

  // ------------------------------------------------------------------ drbdadm on a node

  /**
   * {@code drbdadm disconnect} on the node: it stands alone, its peers keep trying (Connecting);
   * when it is Primary (in use), DRBD marks its diskful peers Outdated (recorded).
   */
  public DrbdControl disconnect(String resource, String node) {
    cluster.locked(
        () -> {
          Resource rsc = cluster.requireReplica(resource, node);
          boolean primary = DrbdView.inUse(cluster, rsc);
          rsc.setAdminDisconnected(true);
          if (primary) {
            for (Resource peer : rsc.definition().resources().values()) {
              if (peer != rsc && !peer.diskless() && peer.hasDrbd()) {
                peer.setOutdated(true);
              }
            }
          }
        });
    return this;
  }

  /** {@code drbdadm connect} on the node: reconnects, Outdated peers resync and are UpToDate. */
  public DrbdControl connect(String resource, String node) {
    cluster.locked(
        () -> {
          Resource rsc = cluster.requireReplica(resource, node);
          rsc.setAdminDisconnected(false);
          Replication.settle(cluster, rsc.definition());
        });
    return this;
  }

  /** {@code drbdadm down} on the node: it reports no DRBD state, its peers see it Connecting. */
  public DrbdControl down(String resource, String node) {
    cluster.locked(() -> cluster.requireReplica(resource, node).setDown(true));
    return this;
  }

  /** {@code drbdadm up} on the node: back with its data, reconnecting to its peers. */
  public DrbdControl up(String resource, String node) {
    cluster.locked(
        () -> {
          Resource rsc = cluster.requireReplica(resource, node);
          rsc.setDown(false);
          Replication.settle(cluster, rsc.definition());
        });
    return this;
  }

  // ------------------------------------------------------------------ reading

  /** The DRBD state of one replica, as its node sees it now. */
  public ReplicaState state(String resource, String node) {
    return cluster.locked(
        () -> {
          Resource rsc = cluster.requireReplica(resource, node);
          Replication.settle(cluster, rsc.definition());
          return new ReplicaState(
              DrbdView.diskState(rsc),
              DrbdView.connections(rsc),
              rsc.resync() == null ? null : rsc.resync().percent(),
              DrbdView.ioPossible(rsc),
              DrbdView.inUse(cluster, rsc));
        });
  }

  /**
   * One replica's DRBD state: its disk state, the connection state towards each peer node, the
   * resync progress into it (null when none runs), whether I/O on it can succeed, and whether it is
   * in use.
   */
  public record ReplicaState(
      String diskState,
      Map<String, String> connections,
      Double syncPercent,
      boolean ioPossible,
      boolean inUse) {}

  // ------------------------------------------------------------------ lookups

  private void settleAll() {
    for (ResourceDefinition rd : cluster.resourceDefinitions().values()) {
      Replication.settle(cluster, rd);
    }
  }
}
