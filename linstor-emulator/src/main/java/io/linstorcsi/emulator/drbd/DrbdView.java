package io.linstorcsi.emulator.drbd;

import io.linstorcsi.emulator.state.Cluster;
import io.linstorcsi.emulator.state.Resource;
import io.linstorcsi.emulator.state.ResourceDefinition;
import io.linstorcsi.emulator.state.Resync;
import io.linstorcsi.emulator.state.Volume;
import io.linstorcsi.emulator.state.VolumeDefinition;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The DRBD state of one replica as its satellite reports it. Only meaningful while the node is
 * online; an offline node reports nothing (the controller then shows no {@code state} and no
 * connections).
 */
public final class DrbdView {
  public static final String CONNECTED = "Connected";

  /** What DRBD shows while it tries to reach a peer that is gone. */
  public static final String CONNECTING = "Connecting";

  public static final String STANDALONE = "StandAlone";
  public static final String UP_TO_DATE = "UpToDate";
  public static final String DISKLESS = "Diskless";
  public static final String INCONSISTENT = "Inconsistent";
  public static final String OUTDATED = "Outdated";
  public static final String ESTABLISHED = "Established";
  public static final String SYNC_SOURCE = "SyncSource";
  public static final String SYNC_TARGET = "SyncTarget";

  private DrbdView() {}

  /** The connection state towards every peer replica, keyed by peer node name. */
  public static Map<String, String> connections(Resource rsc) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Resource peer : rsc.definition().resources().values()) {
      if (peer == rsc || !peer.hasDrbd()) {
        continue;
      }
      out.put(peer.node().name(), Replication.connection(rsc, peer));
    }
    return out;
  }

  /**
   * The replica's own disk state as LINSTOR shows it: {@code SyncTarget(12.34%)} while a resync
   * into it is running and has made progress, {@code Inconsistent} before that or while it has no
   * source, {@code Outdated} after its Primary left it on purpose.
   */
  public static String diskState(Resource rsc) {
    if (rsc.diskless()) {
      return DISKLESS;
    }
    if (rsc.diskStateOverride() != null) {
      return rsc.diskStateOverride();
    }
    Resync resync = rsc.resync();
    if (resync != null) {
      if (resync.started() && Replication.syncSource(rsc) != null) {
        return String.format(Locale.ROOT, "SyncTarget(%.2f%%)", resync.percent());
      }
      return INCONSISTENT;
    }
    return rsc.outdated() ? OUTDATED : UP_TO_DATE;
  }

  /**
   * DRBD's replication state towards every connected peer: {@code SyncSource}/{@code SyncTarget}
   * with the done percentage while a resync runs between the two, else {@code Established}. Peers
   * that are not connected have no entry (recorded).
   */
  public static Map<String, ReplicationState> replicationStates(Resource rsc) {
    Map<String, ReplicationState> out = new TreeMap<>();
    for (Resource peer : rsc.definition().resources().values()) {
      if (peer == rsc || !peer.hasDrbd() || !Replication.connected(rsc, peer)) {
        continue;
      }
      String name = peer.node().name();
      if (rsc.resync() != null && Replication.syncSource(rsc) == peer) {
        out.put(name, new ReplicationState(SYNC_TARGET, rsc.resync().percent()));
      } else if (peer.resync() != null && Replication.syncSource(peer) == rsc) {
        out.put(name, new ReplicationState(SYNC_SOURCE, peer.resync().percent()));
      } else {
        out.put(name, new ReplicationState(ESTABLISHED, null));
      }
    }
    return out;
  }

  /** One peer's replication state; {@code donePercent} only while a resync runs. */
  public record ReplicationState(String state, Double donePercent) {}

  /**
   * Whether I/O on the replica's device can succeed: DRBD needs UpToDate data, its own or a
   * connected peer's (a diskless Primary that lost its only UpToDate peer fails every I/O).
   */
  public static boolean ioPossible(Resource rsc) {
    return Replication.reporting(rsc) && hasUpToDateData(rsc);
  }

  /**
   * DRBD's "in use": the device is open (mounted, or held by a device mapper), or a fault says so.
   */
  public static boolean inUse(Cluster cluster, Resource rsc) {
    if (rsc.inUseOverride() != null) {
      return rsc.inUseOverride();
    }
    if (!rsc.node().online()) {
      return false;
    }
    ResourceDefinition rd = rsc.definition();
    for (Volume v : rsc.volumes().values()) {
      VolumeDefinition vd = rd.volumeDefinitions().get(v.number());
      if (vd != null && vd.backing() != null && v.devicePath() != null) {
        if (cluster.store().inUse(vd.backing(), rsc.node().name())) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * DRBD's {@code may_promote}: no quorum loss, not primary already, UpToDate data reachable (its
   * own or a connected peer's) and no connected peer primary unless two primaries are allowed. A
   * primary that is cut off does not stop a promotion (recorded DRBD 9 states 03, 04a, 09a).
   */
  public static boolean mayPromote(Cluster cluster, Resource rsc) {
    if (rsc.quorumLost() || !rsc.node().online() || inUse(cluster, rsc)) {
      return false;
    }
    if (!hasUpToDateData(rsc)) {
      return false;
    }
    if (allowTwoPrimaries(rsc.definition())) {
      return true;
    }
    Map<String, String> connections = connections(rsc);
    for (Resource peer : rsc.definition().resources().values()) {
      if (peer != rsc
          && CONNECTED.equals(connections.get(peer.node().name()))
          && inUse(cluster, peer)) {
        return false;
      }
    }
    return true;
  }

  /**
   * DRBD's {@code promotion_score} as the recorded DRBD 9 nodes reported it: 0 without quorum; with
   * UpToDate data 10101 plus one per connected UpToDate peer; diskless one per connected UpToDate
   * peer; otherwise 10000 plus that count when a connected peer is UpToDate, else 0.
   */
  public static int promotionScore(Cluster cluster, Resource rsc) {
    if (rsc.quorumLost() || !rsc.node().online()) {
      return 0;
    }
    int upToDatePeers = 0;
    Map<String, String> connections = connections(rsc);
    for (Resource peer : rsc.definition().resources().values()) {
      if (peer != rsc
          && !peer.diskless()
          && CONNECTED.equals(connections.get(peer.node().name()))
          && UP_TO_DATE.equals(diskState(peer))) {
        upToDatePeers++;
      }
    }
    String disk = diskState(rsc);
    if (UP_TO_DATE.equals(disk)) {
      return 10101 + upToDatePeers;
    }
    if (DISKLESS.equals(disk)) {
      return upToDatePeers;
    }
    return upToDatePeers > 0 ? 10000 + upToDatePeers : 0;
  }

  private static boolean hasUpToDateData(Resource rsc) {
    if (!rsc.diskless() && UP_TO_DATE.equals(diskState(rsc))) {
      return true;
    }
    Map<String, String> connections = connections(rsc);
    for (Resource peer : rsc.definition().resources().values()) {
      if (peer != rsc
          && !peer.diskless()
          && CONNECTED.equals(connections.get(peer.node().name()))
          && UP_TO_DATE.equals(diskState(peer))) {
        return true;
      }
    }
    return false;
  }

  private static boolean allowTwoPrimaries(ResourceDefinition rd) {
    String key = "DrbdOptions/Net/allow-two-primaries";
    String value = rd.props().getOrDefault(key, rd.group().props().get(key));
    return "yes".equalsIgnoreCase(value) || "true".equalsIgnoreCase(value);
  }
}
