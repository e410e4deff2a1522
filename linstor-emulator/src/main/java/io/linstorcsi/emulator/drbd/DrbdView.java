package io.linstorcsi.emulator.drbd;

import io.linstorcsi.emulator.state.Cluster;
import io.linstorcsi.emulator.state.Resource;
import io.linstorcsi.emulator.state.ResourceDefinition;
import io.linstorcsi.emulator.state.Volume;
import io.linstorcsi.emulator.state.VolumeDefinition;
import java.util.LinkedHashMap;
import java.util.Map;

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
  private static final int PROMOTION_SCORE = 10102;

  private DrbdView() {}

  /** The connection state towards every peer replica, keyed by peer node name. */
  public static Map<String, String> connections(Resource rsc) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Resource peer : rsc.definition().resources().values()) {
      if (peer == rsc || !peer.hasDrbd()) {
        continue;
      }
      String peerName = peer.node().name();
      String override = rsc.connectionOverrides().get(peerName);
      if (override != null) {
        out.put(peerName, override);
      } else if (!peer.node().online() || !peer.deployed()) {
        out.put(peerName, CONNECTING);
      } else {
        out.put(peerName, CONNECTED);
      }
    }
    return out;
  }

  public static String diskState(Resource rsc) {
    if (rsc.diskless()) {
      return DISKLESS;
    }
    return rsc.diskStateOverride() != null ? rsc.diskStateOverride() : UP_TO_DATE;
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
   * Whether the replica could become primary: it has quorum, it reaches UpToDate data (its own or a
   * connected peer's), and no other replica is primary unless two primaries are allowed.
   */
  public static boolean mayPromote(Cluster cluster, Resource rsc) {
    if (rsc.quorumLost() || !rsc.node().online()) {
      return false;
    }
    if (inUse(cluster, rsc)) {
      return true;
    }
    if (!hasUpToDateData(rsc)) {
      return false;
    }
    if (allowTwoPrimaries(rsc.definition())) {
      return true;
    }
    for (Resource peer : rsc.definition().resources().values()) {
      if (peer != rsc && peer.node().online() && inUse(cluster, peer)) {
        return false;
      }
    }
    return true;
  }

  public static int promotionScore(Cluster cluster, Resource rsc) {
    if (!mayPromote(cluster, rsc)) {
      return 0;
    }
    return rsc.diskless() ? 1 : PROMOTION_SCORE;
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
