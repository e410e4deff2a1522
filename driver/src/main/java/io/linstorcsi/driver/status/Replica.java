package io.linstorcsi.driver.status;

import io.linstorcsi.linstor.model.DrbdConnection;
import io.linstorcsi.linstor.model.DrbdResource;
import io.linstorcsi.linstor.model.LayerObject;
import io.linstorcsi.linstor.model.LayerVolume;
import io.linstorcsi.linstor.model.ResourceWithVolumes;
import io.linstorcsi.linstor.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One resource on one node, reduced to what health depends on. LINSTOR spreads this over the
 * resource flags, {@code state}, the DRBD layer object and each volume's state; reading it in one
 * place keeps the rules and the table in agreement.
 *
 * @param reporting the satellite reports a state for it (false while its node is offline)
 * @param inUse DRBD Primary on this node; null when not reporting or without DRBD
 * @param mayPromote whether DRBD would let this replica become Primary; null when unknown
 * @param intendedDiskless flagged DISKLESS, DRBD_DISKLESS or TIE_BREAKER: Diskless is its normal
 *     disk state
 * @param deleting flagged DELETE (or INACTIVE): on its way out, not judged
 */
record Replica(
    String resource,
    String node,
    boolean nodeOnline,
    boolean drbd,
    boolean reporting,
    Boolean inUse,
    Boolean mayPromote,
    boolean intendedDiskless,
    boolean tieBreaker,
    boolean deleting,
    List<Disk> disks,
    List<Peer> peers) {

  static final String UP_TO_DATE = "UpToDate";
  static final String DISKLESS = "Diskless";
  static final String CONNECTED = "Connected";
  static final String STANDALONE = "StandAlone";

  private static final Set<String> DISKLESS_FLAGS =
      Set.of("DISKLESS", "DRBD_DISKLESS", "TIE_BREAKER");
  private static final Set<String> SYNC_TARGET_STATES = Set.of("SyncTarget", "PausedSyncT");
  private static final Set<String> LEAVING_FLAGS = Set.of("DELETE", "DRBD_DELETE", "INACTIVE");

  Replica {
    disks = List.copyOf(disks);
    peers = List.copyOf(peers);
  }

  /**
   * The disk state of one volume; {@code state} is null when nothing is reported. {@code
   * replication} maps each connected peer to the replication state towards it ("Established",
   * "SyncSource", "SyncTarget") with the resync progress; LINSTOR leaves a peer out while it is not
   * connected.
   */
  record Disk(int volume, String state, Map<String, Replication> replication) {
    Disk {
      replication = Map.copyOf(replication);
    }

    Disk(int volume, String state) {
      this(volume, state, Map.of());
    }
  }

  /** One volume's replication towards one peer; {@code donePercent} only while a resync runs. */
  record Replication(String state, Double donePercent) {}

  /** This replica's DRBD connection to the replica on {@code node}. */
  record Peer(String node, String state, boolean connected) {}

  static Replica of(ResourceWithVolumes rsc, boolean nodeOnline) {
    DrbdResource drbd =
        rsc.layerObject() == null
            ? null
            : rsc.layerObject().find("DRBD").map(LayerObject::drbd).orElse(null);
    boolean reporting = nodeOnline && rsc.state() != null;
    Boolean inUse = reporting && drbd != null ? rsc.state().inUse() : null;
    return new Replica(
        rsc.name(),
        rsc.nodeName(),
        nodeOnline,
        drbd != null,
        reporting,
        inUse,
        reporting && drbd != null ? drbd.mayPromote() : null,
        rsc.flags().stream().anyMatch(DISKLESS_FLAGS::contains),
        rsc.flags().contains("TIE_BREAKER"),
        rsc.flags().stream().anyMatch(LEAVING_FLAGS::contains),
        reporting && drbd != null ? disks(rsc, drbd) : List.of(),
        reporting && drbd != null ? peers(drbd) : List.of());
  }

  /** Holds data of its own: not diskless by intent. */
  boolean diskful() {
    return !intendedDiskless;
  }

  /** Diskful, reporting, and every volume UpToDate: a good copy of the data. */
  boolean upToDate() {
    return diskful()
        && reporting
        && !disks.isEmpty()
        && disks.stream().allMatch(d -> UP_TO_DATE.equals(d.state()));
  }

  /** A disk state that needs no attention: UpToDate, or Diskless on a replica meant to be so. */
  boolean normal(String diskState) {
    return UP_TO_DATE.equals(diskState) || (DISKLESS.equals(diskState) && intendedDiskless);
  }

  /**
   * The peer this volume resyncs from, when it is a resync target: its disk state reads
   * "SyncTarget(44.14%)" or, before the first progress, "Inconsistent", and its replication state
   * towards the source is SyncTarget (PausedSyncT while paused), as the recordings of a spawn show.
   */
  Optional<String> resyncSource(Disk disk) {
    if (!diskful() || !reporting) {
      return Optional.empty();
    }
    return disk.replication().entrySet().stream()
        .filter(e -> SYNC_TARGET_STATES.contains(e.getValue().state()))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  /** Primary, Secondary, or Unknown while nothing is reported; "-" without DRBD. */
  String role() {
    if (!drbd) {
      return "-";
    }
    if (inUse == null) {
      return "Unknown";
    }
    return inUse ? "Primary" : "Secondary";
  }

  // Volume states first, because that is where LINSTOR documents disk_state; the DRBD layer's
  // per-volume disk_state fills in when a volume has no state of its own.
  private static List<Disk> disks(ResourceWithVolumes rsc, DrbdResource drbd) {
    Map<Integer, String> states = new TreeMap<>();
    Map<Integer, Map<String, Replication>> replication = new TreeMap<>();
    for (LayerVolume lv : drbd.drbdVolumes()) {
      if (lv.number() != null && lv.diskState() != null) {
        states.put(lv.number(), lv.diskState());
      }
    }
    for (Volume v : rsc.volumes()) {
      if (v.volumeNumber() != null && v.state() != null && v.state().diskState() != null) {
        states.put(v.volumeNumber(), v.state().diskState());
      } else if (v.volumeNumber() != null) {
        states.putIfAbsent(v.volumeNumber(), null);
      }
      if (v.volumeNumber() != null && v.state() != null) {
        Map<String, Replication> peers = new TreeMap<>();
        v.state()
            .replicationStates()
            .forEach(
                (peer, rs) ->
                    peers.put(peer, new Replication(rs.replicationState(), rs.donePercentage())));
        replication.put(v.volumeNumber(), peers);
      }
    }
    List<Disk> out = new ArrayList<>();
    states.forEach(
        (number, state) ->
            out.add(new Disk(number, state, replication.getOrDefault(number, Map.of()))));
    return out;
  }

  private static List<Peer> peers(DrbdResource drbd) {
    List<Peer> out = new ArrayList<>();
    new TreeMap<>(drbd.connections())
        .forEach((peer, c) -> out.add(new Peer(peer, stateOf(c), connectedOf(c))));
    return out;
  }

  private static String stateOf(DrbdConnection c) {
    if (c.message() != null && !c.message().isBlank()) {
      return c.message();
    }
    return Boolean.TRUE.equals(c.connected()) ? CONNECTED : "Unknown";
  }

  private static boolean connectedOf(DrbdConnection c) {
    return c.message() == null || c.message().isBlank()
        ? Boolean.TRUE.equals(c.connected())
        : CONNECTED.equalsIgnoreCase(c.message());
  }
}
