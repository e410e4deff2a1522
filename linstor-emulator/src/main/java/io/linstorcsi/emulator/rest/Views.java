package io.linstorcsi.emulator.rest;

import io.linstorcsi.emulator.drbd.DrbdView;
import io.linstorcsi.emulator.drbd.Replication;
import io.linstorcsi.emulator.rc.Rc;
import io.linstorcsi.emulator.rc.RetCode;
import io.linstorcsi.emulator.state.Capacity;
import io.linstorcsi.emulator.state.Cluster;
import io.linstorcsi.emulator.state.Deployer;
import io.linstorcsi.emulator.state.NetInterface;
import io.linstorcsi.emulator.state.Node;
import io.linstorcsi.emulator.state.NodeSnapshot;
import io.linstorcsi.emulator.state.ProviderKind;
import io.linstorcsi.emulator.state.Resource;
import io.linstorcsi.emulator.state.ResourceDefinition;
import io.linstorcsi.emulator.state.ResourceGroup;
import io.linstorcsi.emulator.state.SelectFilter;
import io.linstorcsi.emulator.state.SnapshotDefinition;
import io.linstorcsi.emulator.state.StoragePool;
import io.linstorcsi.emulator.state.Volume;
import io.linstorcsi.emulator.state.VolumeDefinition;
import io.linstorcsi.emulator.state.VolumeGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns cluster objects into the JSON shapes the controller returns. Call with the cluster lock
 * held.
 */
final class Views {
  private static final String NO_INFO = "No information from satellite yet";
  private static final String STORAGE_DISK_STATE = "[]";

  private final Cluster cluster;
  private final Set<ProviderKind> providers;

  Views(Cluster cluster, Set<ProviderKind> providers) {
    this.cluster = cluster;
    this.providers = providers;
  }

  // ---------------------------------------------------------------- nodes and pools

  Out.Node node(Node node) {
    List<Out.NetInterface> netIfs = new ArrayList<>();
    for (NetInterface n : node.netInterfaces()) {
      netIfs.add(
          new Out.NetInterface(
              n.name(),
              n.address(),
              n.satellitePort(),
              n.encryptionType(),
              true,
              n.uuid().toString()));
    }
    boolean known = node.online();
    return new Out.Node(
        node.name(),
        node.type(),
        null,
        node.props(),
        netIfs,
        node.online() ? "ONLINE" : "OFFLINE",
        node.uuid().toString(),
        known ? supportedProviders() : List.of("DISKLESS", "REMOTE_SPDK", "EBS_INIT", "EBS_TARGET"),
        known && cluster.drbdSupported() ? List.of("DRBD", "STORAGE") : List.of("STORAGE"),
        known ? unsupportedProviders() : unknownProviders(),
        known ? unsupportedLayers() : unknownLayers(),
        node.online() ? null : node.evictionTimestamp());
  }

  private List<String> supportedProviders() {
    List<String> out = new ArrayList<>();
    for (ProviderKind kind : ProviderKind.values()) {
      if (providers.contains(kind)) {
        out.add(kind.name());
      }
    }
    return out;
  }

  /** The reasons the recorded satellites gave for what they could not use. */
  private Map<String, List<String>> unsupportedProviders() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    String zfsMissing = "'cat /sys/module/zfs/version' returned with exit code 1";
    String zfsTool =
        "IO exception occured when running 'zfs --version': Cannot run program \"zfs\": error=2, No"
            + " such file or directory";
    if (!providers.contains(ProviderKind.LVM)) {
      out.put(
          "LVM",
          List.of(
              "IO exception occured when running 'lvm version': Cannot run program \"lvm\": error=2,"
                  + " No such file or directory"));
    }
    if (!providers.contains(ProviderKind.SPDK)) {
      out.put(
          "SPDK",
          List.of(
              "IO exception occured when running 'rpc.py spdk_get_version': Cannot run program"
                  + " \"rpc.py\": error=2, No such file or directory"));
    }
    out.put("STORAGE_SPACES", List.of("This tool does not exist on the Linux platform."));
    if (!providers.contains(ProviderKind.ZFS_THIN)) {
      out.put("ZFS_THIN", List.of(zfsMissing, zfsTool));
    }
    if (!providers.contains(ProviderKind.ZFS)) {
      out.put("ZFS", List.of(zfsMissing, zfsTool));
    }
    out.put("STORAGE_SPACES_THIN", List.of("This tool does not exist on the Linux platform."));
    if (!providers.contains(ProviderKind.LVM_THIN)) {
      out.put(
          "LVM_THIN",
          List.of(
              "IO exception occured when running 'thin_check -V': Cannot run program \"thin_check\":"
                  + " error=2, No such file or directory"));
    }
    if (!providers.contains(ProviderKind.FILE)) {
      out.put("FILE", List.of("'losetup' is not available"));
    }
    if (!providers.contains(ProviderKind.FILE_THIN)) {
      out.put("FILE_THIN", List.of("'losetup' is not available"));
    }
    return out;
  }

  private Map<String, List<String>> unsupportedLayers() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (!cluster.drbdSupported()) {
      out.put("DRBD", List.of("DRBD version has to be >= 9. Current DRBD version: 0.0.0"));
    }
    out.put(
        "LUKS",
        List.of(
            "IO exception occured when running 'cryptsetup --version': Cannot run program"
                + " \"cryptsetup\": error=2, No such file or directory"));
    out.put(
        "NVME",
        List.of(
            "'modprobe nvmet_rdma' returned with exit code 1",
            "'modprobe nvme_rdma' returned with exit code 1"));
    out.put("WRITECACHE", List.of("'modprobe dm-writecache' returned with exit code 1"));
    out.put("CACHE", List.of("'modprobe dm-cache' returned with exit code 1"));
    out.put("BCACHE", List.of("'modprobe bcache' returned with exit code 1"));
    return out;
  }

  private static Map<String, List<String>> unknownProviders() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    out.put("LVM", List.of(NO_INFO));
    out.put("SPDK", List.of(NO_INFO));
    out.put("STORAGE_SPACES", List.of(NO_INFO));
    out.put("ZFS_THIN", List.of(NO_INFO, NO_INFO));
    out.put("ZFS", List.of(NO_INFO, NO_INFO));
    out.put("STORAGE_SPACES_THIN", List.of(NO_INFO));
    out.put("FILE_THIN", List.of(NO_INFO));
    out.put("FILE", List.of(NO_INFO));
    out.put("LVM_THIN", List.of(NO_INFO));
    return out;
  }

  private static Map<String, List<String>> unknownLayers() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    out.put("DRBD", List.of(NO_INFO, NO_INFO));
    out.put("LUKS", List.of(NO_INFO));
    out.put("NVME", List.of(NO_INFO));
    out.put("WRITECACHE", List.of(NO_INFO));
    out.put("CACHE", List.of(NO_INFO));
    out.put("BCACHE", List.of(NO_INFO));
    return out;
  }

  Out.StoragePool pool(StoragePool pool) {
    Map<String, String> traits = new TreeMap<>();
    if (!pool.diskless()) {
      traits.put("Provisioning", pool.kind().thin() ? "Thin" : "Fat");
    }
    traits.put("SupportsSnapshots", String.valueOf(pool.kind().supportsSnapshots()));
    boolean online = pool.node().online();
    List<Rc> reports =
        online
            ? null
            : List.of(
                Rc.of(
                        RetCode.warn(0, RetCode.NOT_CONNECTED),
                        "No active connection to satellite '" + pool.node().name() + "'")
                    .details(Messages.NOT_CONNECTED_DETAILS)
                    .build());
    return new Out.StoragePool(
        pool.name(),
        pool.node().name(),
        pool.kind().name(),
        pool.props(),
        traits,
        online ? Capacity.freeKib(cluster, pool) : null,
        online ? Capacity.totalKib(pool) : null,
        pool.freeSpaceManagerName(),
        pool.uuid().toString(),
        reports,
        pool.kind().supportsSnapshots(),
        false);
  }

  // ---------------------------------------------------------------- groups

  Out.ResourceGroup resourceGroup(ResourceGroup group) {
    return new Out.ResourceGroup(
        group.name(),
        group.description(),
        group.props(),
        selectFilter(group.selectFilter()),
        group.uuid().toString(),
        group.peerSlots());
  }

  static Out.SelectFilter selectFilter(SelectFilter f) {
    List<String> pools = f.storagePoolList();
    return new Out.SelectFilter(
        f.placeCount(),
        pools != null && pools.size() == 1 ? pools.get(0) : null,
        pools,
        f.notPlaceWithRsc(),
        f.notPlaceWithRscRegex(),
        f.replicasOnSame(),
        f.replicasOnDifferent(),
        f.xReplicasOnDifferentMap(),
        f.layerStack(),
        f.providerList(),
        f.disklessOnRemaining());
  }

  static Out.VolumeGroup volumeGroup(VolumeGroup vg) {
    return new Out.VolumeGroup(
        vg.number(), vg.props(), vg.uuid().toString(), List.copyOf(vg.flags()));
  }

  // ---------------------------------------------------------------- definitions

  Out.ResourceDefinition resourceDefinition(ResourceDefinition rd, boolean withVolumes) {
    List<Out.ResourceDefinitionLayer> layers = new ArrayList<>();
    if (!rd.layerDataHidden()) {
      for (String layer : rd.layerStack()) {
        layers.add(
            new Out.ResourceDefinitionLayer(
                layer, layer.equals("DRBD") ? drbdDefinition(rd) : null));
      }
    }
    List<Out.VolumeDefinition> vds = null;
    if (withVolumes) {
      vds = rd.volumeDefinitions().values().stream().map(vd -> volumeDefinition(rd, vd)).toList();
    }
    return new Out.ResourceDefinition(
        rd.name(),
        rd.externalName(),
        rd.props(),
        List.copyOf(rd.flags()),
        layers,
        rd.uuid().toString(),
        rd.group().name(),
        vds);
  }

  /**
   * The resource definition's DRBD data. The port is -1: since per-node ports the definition has
   * none, and the controller reports that value for old clients (linstor-server
   * Json.COMPAT_RD_PORT).
   */
  Out.DrbdResourceDefinition drbdDefinition(ResourceDefinition rd) {
    return new Out.DrbdResourceDefinition(
        "", Cluster.DEFAULT_PEER_SLOTS, 1, 32L, -1, "IP", rd.drbdSecret(), false);
  }

  Out.VolumeDefinition volumeDefinition(ResourceDefinition rd, VolumeDefinition vd) {
    List<Out.VolumeDefinitionLayer> layers = new ArrayList<>();
    for (String layer : rd.layerStack()) {
      layers.add(
          new Out.VolumeDefinitionLayer(
              layer,
              layer.equals("DRBD")
                  ? new Out.DrbdVolumeDefinition("", vd.number(), vd.minor())
                  : null));
    }
    return new Out.VolumeDefinition(
        vd.number(),
        vd.sizeKib(),
        vd.props(),
        List.copyOf(vd.flags()),
        layers,
        vd.uuid().toString());
  }

  // ---------------------------------------------------------------- resources

  Out.Resource resource(Resource rsc, boolean withVolumes) {
    Replication.settle(cluster, rsc.definition());
    boolean reporting = reporting(rsc);
    Out.ResourceState state = null;
    if (reporting) {
      state = new Out.ResourceState(rsc.hasDrbd() ? DrbdView.inUse(cluster, rsc) : null);
    }
    List<Out.Volume> volumes = null;
    if (withVolumes) {
      volumes = rsc.volumes().values().stream().map(v -> volume(rsc, v)).toList();
    }
    return new Out.Resource(
        rsc.definition().name(),
        rsc.node().name(),
        rsc.props(),
        List.copyOf(rsc.flags()),
        layerObject(rsc, reporting),
        state,
        rsc.uuid().toString(),
        rsc.createTimestamp(),
        volumes);
  }

  /** Whether the replica's satellite reports its state (online, deployed, not being torn down). */
  private static boolean reporting(Resource rsc) {
    return Replication.reporting(rsc);
  }

  private Out.ResourceLayer layerObject(Resource rsc, boolean reporting) {
    Out.ResourceLayer storage =
        new Out.ResourceLayer(
            null, "", "STORAGE", null, new Out.StorageResource(storageVolumes(rsc)));
    if (!rsc.hasDrbd()) {
      return storage;
    }
    ResourceDefinition rd = rsc.definition();
    List<Out.DrbdVolume> drbdVolumes = new ArrayList<>();
    for (Volume v : rsc.volumes().values()) {
      VolumeDefinition vd = rd.volumeDefinitions().get(v.number());
      if (vd != null) {
        drbdVolumes.add(drbdVolume(rsc, v, vd, reporting));
      }
    }
    Map<String, Out.DrbdConnection> connections = null;
    if (reporting) {
      connections = new TreeMap<>();
      for (Map.Entry<String, String> e : DrbdView.connections(rsc).entrySet()) {
        connections.put(
            e.getKey(),
            new Out.DrbdConnection(DrbdView.CONNECTED.equals(e.getValue()), e.getValue()));
      }
    }
    List<String> drbdFlags = new ArrayList<>();
    if (rsc.diskless()) {
      drbdFlags.add("DISKLESS");
    }
    if (rsc.deployed()) {
      drbdFlags.add("INITIALIZED");
    }
    Out.DrbdResource drbd =
        new Out.DrbdResource(
            drbdDefinition(rd),
            rsc.nodeId(),
            rd.tcpPort() == 0 ? null : List.of(rd.tcpPort()),
            Cluster.DEFAULT_PEER_SLOTS,
            1,
            32L,
            drbdFlags,
            drbdVolumes,
            connections,
            reporting ? DrbdView.promotionScore(cluster, rsc) : null,
            reporting ? DrbdView.mayPromote(cluster, rsc) : null);
    return new Out.ResourceLayer(List.of(storage), "", "DRBD", drbd, null);
  }

  private List<Out.StorageVolume> storageVolumes(Resource rsc) {
    List<Out.StorageVolume> out = new ArrayList<>();
    for (Volume v : rsc.volumes().values()) {
      VolumeDefinition vd = rsc.definition().volumeDefinitions().get(v.number());
      if (vd != null) {
        out.add(storageVolume(rsc, v, vd));
      }
    }
    return out;
  }

  private Out.StorageVolume storageVolume(Resource rsc, Volume v, VolumeDefinition vd) {
    if (v.pool().diskless()) {
      return new Out.StorageVolume(v.number(), null, 0L, rsc.deployed() ? 0L : -1L, null);
    }
    if (v.devicePath() == null) {
      // registered but not created by the satellite yet (recorded: -1 and the definition's size)
      return new Out.StorageVolume(v.number(), null, -1L, vd.sizeKib(), STORAGE_DISK_STATE);
    }
    long allocated = Capacity.allocatedKib(cluster, rsc, v, vd);
    // the recorded FILE_THIN satellite reports its allocation as the usable size
    long usable = v.pool().kind() == ProviderKind.FILE_THIN ? allocated : vd.sizeKib();
    return new Out.StorageVolume(v.number(), v.devicePath(), allocated, usable, STORAGE_DISK_STATE);
  }

  private Out.DrbdVolume drbdVolume(
      Resource rsc, Volume v, VolumeDefinition vd, boolean reporting) {
    boolean created = v.devicePath() != null;
    return new Out.DrbdVolume(
        new Out.DrbdVolumeDefinition("", vd.number(), vd.minor()),
        created ? Deployer.drbdDevicePath(cluster, v, vd) : null,
        created && !rsc.diskless() ? v.devicePath() : null,
        rsc.diskless() ? null : "internal",
        created ? (rsc.diskless() ? 0L : Capacity.allocatedKib(cluster, rsc, v, vd)) : -1L,
        vd.sizeKib(),
        reporting ? DrbdView.diskState(rsc) : null,
        null);
  }

  private static Map<String, Out.ReplicationState> replicationStates(Resource rsc) {
    Map<String, Out.ReplicationState> out = new TreeMap<>();
    DrbdView.replicationStates(rsc)
        .forEach((peer, s) -> out.put(peer, new Out.ReplicationState(s.state(), s.donePercent())));
    return out.isEmpty() ? null : out;
  }

  Out.Volume volume(Resource rsc, Volume v) {
    ResourceDefinition rd = rsc.definition();
    Replication.settle(cluster, rd);
    VolumeDefinition vd = rd.volumeDefinitions().get(v.number());
    boolean reporting = reporting(rsc);
    Out.StorageVolume storage = storageVolume(rsc, v, vd);
    List<Out.VolumeLayer> layers = new ArrayList<>();
    String devicePath = storage.devicePath();
    Out.VolumeState state = null;
    if (rsc.hasDrbd()) {
      Out.DrbdVolume drbd = drbdVolume(rsc, v, vd, reporting);
      layers.add(new Out.VolumeLayer("DRBD", drbd));
      devicePath = drbd.devicePath();
      if (reporting) {
        state = new Out.VolumeState(DrbdView.diskState(rsc), replicationStates(rsc));
      }
    }
    layers.add(new Out.VolumeLayer("STORAGE", storage));
    Long allocated;
    if (v.pool().kind() == ProviderKind.FILE_THIN) {
      allocated = 0L; // what the recorded FILE_THIN satellite reports at the top level
    } else if (v.devicePath() == null) {
      allocated = 0L;
    } else {
      allocated = storage.allocatedSizeKib();
    }
    return new Out.Volume(
        v.number(),
        v.pool().name(),
        v.pool().kind().name(),
        devicePath,
        allocated,
        null,
        v.props(),
        null,
        state,
        layers,
        v.uuid().toString(),
        null);
  }

  // ---------------------------------------------------------------- snapshots

  Out.Snapshot snapshot(SnapshotDefinition snap) {
    Map<String, String> merged = new TreeMap<>(snap.definitionProps());
    merged.putAll(snap.props());
    List<Out.SnapshotVolumeDefinition> vds = new ArrayList<>();
    for (SnapshotDefinition.VolumeSnapshot vs : snap.volumes()) {
      vds.add(new Out.SnapshotVolumeDefinition(vs.number(), vs.sizeKib(), vs.props()));
    }
    List<Out.SnapshotNode> nodes = new ArrayList<>();
    for (NodeSnapshot ns : snap.nodes().values()) {
      nodes.add(
          new Out.SnapshotNode(
              snap.name(),
              ns.nodeName(),
              ns.createTimestamp(),
              List.copyOf(ns.flags()),
              ns.uuid().toString(),
              ns.resourceProps(),
              ns.volumes().stream()
                  .map(sv -> new Out.SnapshotVolumeNode(sv.uuid().toString(), sv.number()))
                  .toList()));
    }
    return new Out.Snapshot(
        snap.name(),
        snap.definition().name(),
        List.copyOf(snap.nodes().keySet()),
        merged,
        snap.props(),
        snap.definitionProps(),
        List.copyOf(snap.flags()),
        vds,
        snap.uuid().toString(),
        nodes);
  }
}
