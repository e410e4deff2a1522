package io.linstorcsi.emulator.state;

import io.linstorcsi.emulator.block.BlockStore;

/**
 * What the satellites do with a resource: give its volumes data and devices, take them away again.
 * A resource on an offline node waits until the node is back.
 */
public final class Deployer {
  private Deployer() {}

  /** Adds the volume objects of every volume definition the resource does not have yet. */
  public static void addMissingVolumes(Resource rsc, StoragePool pool) {
    for (VolumeDefinition vd : rsc.definition().volumeDefinitions().values()) {
      rsc.volumes().computeIfAbsent(vd.number(), n -> new Volume(n, pool));
    }
  }

  /**
   * Creates the volumes on the node when it is online; returns whether the resource is deployed.
   */
  public static boolean deploy(Cluster cluster, Resource rsc) {
    if (!rsc.node().online() || rsc.deleting()) {
      return rsc.deployed();
    }
    BlockStore store = cluster.store();
    ResourceDefinition rd = rsc.definition();
    for (Volume v : rsc.volumes().values()) {
      VolumeDefinition vd = rd.volumeDefinitions().get(v.number());
      if (vd == null) {
        continue;
      }
      if (vd.backing() == null) {
        vd.setBacking(store.create(rd.name(), vd.number(), vd.sizeKib()));
      }
      if (v.devicePath() == null) {
        String device = store.attach(vd.backing(), rsc.node().name());
        v.setDevicePath(device != null ? device : emulatedPath(rd, vd));
      }
    }
    if (!rsc.deployed()) {
      InitialSync.onFirstDeploy(cluster, rsc);
    }
    rsc.markDeployed(cluster.now());
    return true;
  }

  /**
   * The device path a DRBD resource's volume shows: the shared loop device or {@code /dev/drbdN}.
   */
  public static String drbdDevicePath(Cluster cluster, Volume v, VolumeDefinition vd) {
    if (cluster.store().real()) {
      return v.devicePath();
    }
    return "/dev/drbd" + vd.minor();
  }

  private static String emulatedPath(ResourceDefinition rd, VolumeDefinition vd) {
    return "/dev/emulated/" + rd.name() + "/" + vd.number();
  }

  /** Takes a volume away from a node; the shared data goes with the last replica. */
  public static void removeVolume(Cluster cluster, Resource rsc, VolumeDefinition vd) {
    Volume v = rsc.volumes().remove(vd.number());
    if (v != null && vd.backing() != null && v.devicePath() != null) {
      cluster.store().detach(vd.backing(), rsc.node().name());
    }
  }

  /** Removes the resource from its definition, detaching its devices. */
  public static void remove(Cluster cluster, Resource rsc) {
    ResourceDefinition rd = rsc.definition();
    for (VolumeDefinition vd : rd.volumeDefinitions().values()) {
      if (vd.backing() != null && rsc.volumes().containsKey(vd.number())) {
        Volume v = rsc.volumes().get(vd.number());
        if (v.devicePath() != null) {
          cluster.store().detach(vd.backing(), rsc.node().name());
        }
      }
    }
    rd.resources().remove(rsc.node().name());
    rsc.markRemoved();
    releaseUnusedData(cluster, rd);
  }

  /** When no replica is left, the data of the definition's volumes is gone. */
  public static void releaseUnusedData(Cluster cluster, ResourceDefinition rd) {
    if (!rd.resources().isEmpty()) {
      return;
    }
    for (VolumeDefinition vd : rd.volumeDefinitions().values()) {
      if (vd.backing() != null) {
        cluster.store().delete(vd.backing());
        vd.setBacking(null);
      }
    }
  }
}
