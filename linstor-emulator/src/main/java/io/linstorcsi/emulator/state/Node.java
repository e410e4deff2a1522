package io.linstorcsi.emulator.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** A satellite node and its storage pools. */
public final class Node {
  /** LINSTOR plans eviction of an unreachable node about an hour after it went offline. */
  public static final long EVICTION_DELAY_MS = 60L * 60 * 1000;

  private final String name;
  private final String type;
  private final UUID uuid = UUID.randomUUID();
  private final Map<String, String> props = new TreeMap<>();
  private final List<NetInterface> netInterfaces = new ArrayList<>();
  private final Map<String, StoragePool> pools = Names.map();
  private boolean online;
  private boolean everConnected;
  private Long evictionTimestamp;
  private boolean replicationLinkCut;

  public Node(String name, String type) {
    this.name = name;
    this.type = type;
  }

  public String name() {
    return name;
  }

  public String type() {
    return type;
  }

  public UUID uuid() {
    return uuid;
  }

  public Map<String, String> props() {
    return props;
  }

  public List<NetInterface> netInterfaces() {
    return netInterfaces;
  }

  public Map<String, StoragePool> pools() {
    return pools;
  }

  public boolean online() {
    return online;
  }

  /**
   * A node that never connected has not told the controller which providers and layers it supports
   * ("No information from satellite yet").
   */
  public boolean everConnected() {
    return everConnected;
  }

  public Long evictionTimestamp() {
    return evictionTimestamp;
  }

  public void goOnline() {
    online = true;
    everConnected = true;
    evictionTimestamp = null;
    props.put("NodeUname", name);
  }

  public void goOffline(long nowMillis) {
    online = false;
    evictionTimestamp = nowMillis + EVICTION_DELAY_MS;
  }

  /**
   * The node's replication network is cut: DRBD peers cannot reach it while the controller still
   * can (the recorded cluster replicated over a separate data link).
   */
  public boolean replicationLinkCut() {
    return replicationLinkCut;
  }

  public void setReplicationLinkCut(boolean value) {
    replicationLinkCut = value;
  }
}
