package io.linstorcsi.node.drbd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The DRBD state of this node, built from {@code events2} lines: the initial "exists" dump, then
 * create/change/destroy events merged field by field (a change line lists only what changed).
 *
 * <p>It also keeps what no snapshot shows: split-brain evidence. DRBD reports a split brain only as
 * {@code call helper ... helper:split-brain} in the event stream (and in the kernel log);
 * afterwards the connection is StandAlone exactly like after {@code drbdadm disconnect}. The
 * evidence is kept per resource and peer until that connection is back to a connected state or the
 * resource is gone, and it survives a restart of the events process.
 *
 * <p>Thread-safe: one thread feeds it, RPC threads read it.
 */
public final class DrbdStateTracker {
  private Map<String, RawResource> resources = new LinkedHashMap<>();
  private Map<String, RawResource> pending;
  private final Map<String, Set<String>> splitBrain = new LinkedHashMap<>();
  private boolean current;
  private final boolean keepsDestroyedConnections;

  /** A tracker for DRBD 9, where a destroyed connection means the peer was removed. */
  public DrbdStateTracker() {
    this(false);
  }

  /**
   * @param keepsDestroyedConnections DRBD 8.4 destroys a connection when it goes StandAlone (split
   *     brain, administrative disconnect), while a one-off dump still lists it; keeping it as
   *     StandAlone makes the stream agree with the dump. In DRBD 9 a destroyed connection is a
   *     removed peer.
   */
  public DrbdStateTracker(boolean keepsDestroyedConnections) {
    this.keepsDestroyedConnections = keepsDestroyedConnections;
  }

  /** Parses one output line and applies it. */
  public void accept(String line) {
    Events2Event.parse(line).ifPresent(this::apply);
  }

  public synchronized void apply(Events2Event event) {
    switch (event.action()) {
      case "exists" -> {
        if (event.endOfInitialState()) {
          resources = pending != null ? pending : new LinkedHashMap<>();
          pending = null;
          splitBrain.keySet().retainAll(resources.keySet());
          current = true;
        } else {
          if (pending == null) {
            pending = new LinkedHashMap<>();
          }
          update(pending, event);
        }
      }
      case "create", "change" -> update(pending != null ? pending : resources, event);
      case "destroy" -> destroy(event);
      case "call" -> noteHelper(event);
      case Events2Event.SKIPPED -> current = false;
      default -> {
        // "response" and actions of future versions carry nothing the health verdict needs.
      }
    }
  }

  /**
   * Called when a new events process starts: until its "exists -" arrives the state is not current,
   * and the next dump replaces what is known (resources removed meanwhile disappear).
   */
  public synchronized void restarting() {
    pending = new LinkedHashMap<>();
    current = false;
  }

  /** The stream ended or lost events: readers should take a snapshot instead. */
  public synchronized void stale() {
    current = false;
  }

  /** True once a full initial dump arrived and no event was lost since. */
  public synchronized boolean current() {
    return current;
  }

  public synchronized List<DrbdResource> resources() {
    List<DrbdResource> out = new ArrayList<>();
    for (Map.Entry<String, RawResource> e : resources.entrySet()) {
      out.add(e.getValue().toResource(e.getKey()));
    }
    return out;
  }

  public synchronized Optional<DrbdResource> resource(String name) {
    RawResource raw = resources.get(name);
    return raw == null ? Optional.empty() : Optional.of(raw.toResource(name));
  }

  public synchronized Optional<DrbdResource> byMinor(int minor) {
    return resources().stream().filter(r -> r.minor(minor).isPresent()).findFirst();
  }

  /** Peers of {@code resource} for which an unresolved split brain was reported. */
  public synchronized Set<String> splitBrainPeers(String resource) {
    return Set.copyOf(splitBrain.getOrDefault(resource, Set.of()));
  }

  private void update(Map<String, RawResource> target, Events2Event event) {
    String name = event.field("name");
    if (name == null) {
      return;
    }
    RawResource resource = target.computeIfAbsent(name, n -> new RawResource());
    switch (event.object()) {
      case "resource" -> resource.fields.putAll(event.fields());
      case "device" -> resource.device(volumeKey(event)).putAll(event.fields());
      case "connection" -> {
        RawConnection connection = resource.connection(peerKey(event));
        connection.fields.putAll(event.fields());
        if (target == resources && DrbdStates.connected(connectionState(connection.fields))) {
          forgetSplitBrain(name, connection.peerName());
        }
      }
      case "peer-device" ->
          resource.connection(peerKey(event)).peerDevice(volumeKey(event)).putAll(event.fields());
      default -> {
        // "path" and unknown objects do not change the verdict.
      }
    }
  }

  private void destroy(Events2Event event) {
    String name = event.field("name");
    RawResource resource = name == null ? null : resources.get(name);
    if (resource == null) {
      return;
    }
    switch (event.object()) {
      case "resource" -> {
        resources.remove(name);
        splitBrain.remove(name);
      }
      case "device" -> resource.devices.remove(volumeKey(event));
      case "connection" -> {
        if (keepsDestroyedConnections) {
          RawConnection connection = resource.connections.get(peerKey(event));
          if (connection != null) {
            connection.fields.put("connection", "StandAlone");
            connection.peerDevices.clear();
          }
        } else {
          resource.connections.remove(peerKey(event));
        }
      }
      case "peer-device" -> {
        RawConnection connection = resource.connections.get(peerKey(event));
        if (connection != null) {
          connection.peerDevices.remove(volumeKey(event));
        }
      }
      default -> {
        // nothing kept for other objects
      }
    }
  }

  private void noteHelper(Events2Event event) {
    // "initial-split-brain" runs for every detected split brain, also those the after-sb policies
    // then resolve; only "split-brain" means it was left unresolved.
    if ("helper".equals(event.object()) && "split-brain".equals(event.field("helper"))) {
      String name = event.field("name");
      if (name != null) {
        splitBrain.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(peerName(event.fields()));
      }
    }
  }

  private void forgetSplitBrain(String resource, String peer) {
    Set<String> peers = splitBrain.get(resource);
    if (peers != null) {
      peers.remove(peer);
      if (peers.isEmpty()) {
        splitBrain.remove(resource);
      }
    }
  }

  /** DRBD 8.4's drbd-utils print a fixed peer-node-id 0; older ones none at all. */
  private static String peerKey(Events2Event event) {
    String id = event.field("peer-node-id");
    return id != null ? id : peerName(event.fields());
  }

  static String peerName(Map<String, String> fields) {
    String name = fields.get("conn-name");
    if (name != null) {
      return name;
    }
    String id = fields.get("peer-node-id");
    return id != null ? "peer-node-id " + id : "peer";
  }

  private static String volumeKey(Events2Event event) {
    String volume = event.field("volume");
    return volume != null ? volume : "minor " + event.field("minor");
  }

  static String connectionState(Map<String, String> fields) {
    return first(fields, "connection", "conn", "cs");
  }

  private static String first(Map<String, String> fields, String... names) {
    for (String name : names) {
      String value = fields.get(name);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  private static int intOr(String value, int fallback) {
    try {
      return value == null ? fallback : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static long longOr(String value, long fallback) {
    try {
      return value == null ? fallback : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static double doubleOr(String value, double fallback) {
    try {
      return value == null ? fallback : Double.parseDouble(value);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static final class RawResource {
    final Map<String, String> fields = new LinkedHashMap<>();
    final Map<String, Map<String, String>> devices = new LinkedHashMap<>();
    final Map<String, RawConnection> connections = new LinkedHashMap<>();

    Map<String, String> device(String key) {
      return devices.computeIfAbsent(key, k -> new LinkedHashMap<>());
    }

    RawConnection connection(String key) {
      return connections.computeIfAbsent(key, k -> new RawConnection());
    }

    DrbdResource toResource(String name) {
      List<DrbdResource.Device> devs = new ArrayList<>();
      for (Map<String, String> d : devices.values()) {
        devs.add(
            new DrbdResource.Device(
                intOr(d.get("volume"), 0),
                intOr(d.get("minor"), -1),
                first(d, "disk", "ds"),
                "yes".equals(d.get("client")),
                "no".equals(d.get("quorum")),
                longOr(d.get("size"), -1)));
      }
      List<DrbdResource.Connection> conns = new ArrayList<>();
      for (RawConnection c : connections.values()) {
        conns.add(c.toConnection());
      }
      String suspended = first(fields, "suspended");
      return new DrbdResource(
          name, first(fields, "role", "ro"), suspended == null ? "no" : suspended, devs, conns);
    }
  }

  private static final class RawConnection {
    final Map<String, String> fields = new LinkedHashMap<>();
    final Map<String, Map<String, String>> peerDevices = new LinkedHashMap<>();

    Map<String, String> peerDevice(String key) {
      return peerDevices.computeIfAbsent(key, k -> new LinkedHashMap<>());
    }

    String peerName() {
      return DrbdStateTracker.peerName(fields);
    }

    DrbdResource.Connection toConnection() {
      List<DrbdResource.PeerDevice> pds = new ArrayList<>();
      for (Map<String, String> p : peerDevices.values()) {
        String replication = first(p, "replication", "repl");
        pds.add(
            new DrbdResource.PeerDevice(
                intOr(p.get("volume"), 0),
                replication,
                first(p, "peer-disk", "pdsk"),
                "yes".equals(p.get("peer-client")),
                longOr(p.get("out-of-sync"), 0),
                DrbdStates.syncing(replication) ? doubleOr(p.get("done"), -1) : -1));
      }
      return new DrbdResource.Connection(
          peerName(), connectionState(fields), first(fields, "role", "ro"), pds);
    }
  }
}
