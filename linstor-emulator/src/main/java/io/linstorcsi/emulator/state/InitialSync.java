package io.linstorcsi.emulator.state;

import java.util.Locale;

/**
 * What data a new diskful DRBD replica starts with, following LINSTOR 1.33.3 (see ../README.md
 * "DRBD initial sync" for the whole rule with its sources):
 *
 * <ul>
 *   <li>The controller names one diskful replica per volume definition the winner of the "UpToDate
 *       race" ({@code Linstor/Drbd/InitialUptoDateOn}: the node of a replica in use, else the first
 *       one; controller/.../layer/resource/RscDrbdLayerHelper.java). Until the volume definition is
 *       {@code DRBD_INITIALIZED}, that node's new metadata is made UpToDate without a sync
 *       (satellite/.../layer/drbd/DrbdLayer.java createMetaData, hasLocalStltWonUpToDateRace).
 *   <li>Every other new replica resyncs from an UpToDate peer. On a "skip initial sync" pool (any
 *       thin provider, or ZFS; server/.../utils/layer/DrbdLayerUtils.java skipInitSync) its
 *       metadata gets the volume's day-0 generation ({@code DrbdCurrentGi}); the winner rotated
 *       away from it, so the replica is resynced all the same (full size on the recorded FILE_THIN
 *       pools), and it cannot connect at all to a replica whose data has another history (a
 *       snapshot restored into the definition): DRBD's "unrelated data". On thick pools, or with
 *       {@code DrbdOptions/ForceInitialSync} set, the metadata stays "just created" and takes any
 *       peer's data by a full resync.
 *   <li>Replicas restored from a snapshot keep the snapshot's data and metadata: those restored in
 *       one call share their history and connect without a sync.
 * </ul>
 */
public final class InitialSync {
  public static final String PROP_WINNER = "Linstor/Drbd/InitialUptoDateOn";
  public static final String PROP_DAY0 = "DrbdCurrentGi";
  public static final String FLAG_DRBD_INITIALIZED = "DRBD_INITIALIZED";

  /** Copied by the controller from DrbdOptions/ForceInitialSync at resource creation. */
  static final String PROP_FORCE_PERMANENT = "DrbdOptions/ForceInitialSyncPermanent";

  private static final String PROP_FORCE = "DrbdOptions/ForceInitialSync";

  private InitialSync() {}

  /**
   * Controller side, when a resource is registered: pick the volume definitions' winner and keep
   * the ForceInitialSync request (linstor-server CtrlRscCrtApiHelper.copyForceInitialSyncProp).
   */
  public static void onRegister(Cluster cluster, Resource rsc) {
    if (!rsc.hasDrbd() || rsc.diskless()) {
      return;
    }
    ResourceDefinition rd = rsc.definition();
    if (isTrue(firstSet(cluster, rd, PROP_FORCE))) {
      rd.props().put(PROP_FORCE_PERMANENT, "true");
    }
    for (VolumeDefinition vd : rd.volumeDefinitions().values()) {
      vd.props().computeIfAbsent(PROP_WINNER, k -> winnerName(rsc));
    }
  }

  /** Satellite side, when the replica's metadata is first created. */
  public static void onFirstDeploy(Cluster cluster, Resource rsc) {
    if (!rsc.hasDrbd() || rsc.diskless()) {
      return;
    }
    ResourceDefinition rd = rsc.definition();
    if (rsc.restoredLineage() != null) {
      rsc.setLineage(rsc.restoredLineage());
      markInitialized(rd);
      return;
    }
    onRegister(cluster, rsc);
    if (wonUpToDateRace(rsc)) {
      rsc.setLineage(day0(rd));
      markInitialized(rd);
      return;
    }
    if (skipInitSync(rsc)) {
      // metadata claims UpToDate with day 0; a related peer marks it all out of sync on connect
      rsc.setLineage(day0(rd));
      rsc.setOutOfSyncKib(sizeKib(rd));
    } else {
      rsc.setLineage(null);
      rsc.setResync(new Resync(sizeKib(rd), cluster.nanoTime()));
    }
  }

  /** DrbdLayerUtils.skipInitSync: not forced, and a thin backing pool or ZFS. */
  static boolean skipInitSync(Resource rsc) {
    if (isTrue(rsc.definition().props().get(PROP_FORCE_PERMANENT))) {
      return false;
    }
    ProviderKind kind = rsc.pool() == null ? null : rsc.pool().kind();
    return kind != null && (kind.thin() || kind == ProviderKind.ZFS);
  }

  private static boolean wonUpToDateRace(Resource rsc) {
    for (VolumeDefinition vd : rsc.definition().volumeDefinitions().values()) {
      if (vd.flags().contains(FLAG_DRBD_INITIALIZED)
          || !rsc.node().name().equalsIgnoreCase(vd.props().get(PROP_WINNER))) {
        return false;
      }
    }
    return true;
  }

  private static void markInitialized(ResourceDefinition rd) {
    for (VolumeDefinition vd : rd.volumeDefinitions().values()) {
      vd.flags().add(FLAG_DRBD_INITIALIZED);
    }
  }

  /** The recorded controller wrote the node name upper-cased ("DRBD-A"). */
  private static String winnerName(Resource rsc) {
    for (Resource peer : rsc.definition().resources().values()) {
      if (peer.inUseOverride() != null && peer.inUseOverride()) {
        return peer.node().name().toUpperCase(Locale.ROOT);
      }
    }
    return rsc.node().name().toUpperCase(Locale.ROOT);
  }

  private static String day0(ResourceDefinition rd) {
    VolumeDefinition first = rd.volumeDefinitions().values().stream().findFirst().orElse(null);
    String gi = first == null ? null : first.props().get(PROP_DAY0);
    return "day0:" + (gi == null ? rd.name() : gi);
  }

  private static long sizeKib(ResourceDefinition rd) {
    return rd.volumeDefinitions().values().stream().mapToLong(VolumeDefinition::sizeKib).sum();
  }

  private static String firstSet(Cluster cluster, ResourceDefinition rd, String key) {
    String value = rd.props().get(key);
    if (value == null) {
      value = rd.group().props().get(key);
    }
    return value != null ? value : cluster.controllerProps().get(key);
  }

  private static boolean isTrue(String value) {
    return value != null && (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("yes"));
  }
}
