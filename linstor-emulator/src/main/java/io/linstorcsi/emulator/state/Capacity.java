package io.linstorcsi.emulator.state;

import java.util.ArrayList;
import java.util.List;

/**
 * Capacity accounting in KiB. Thick pools lose the whole volume size; thin pools lose what the
 * volumes really occupy (the sparse file's blocks with a backing directory, else what {@code
 * Faults.writeData} declared), so creating a thin volume does not lower {@code free_capacity} but
 * writing data does, as recorded.
 */
public final class Capacity {
  private Capacity() {}

  /** A volume placed in a pool, with the definition that sizes it. */
  public record Placed(Resource resource, Volume volume, VolumeDefinition definition) {}

  public static List<Placed> volumesIn(Cluster cluster, StoragePool pool) {
    List<Placed> out = new ArrayList<>();
    for (ResourceDefinition rd : cluster.resourceDefinitions().values()) {
      for (Resource rsc : rd.resources().values()) {
        if (rsc.node() != pool.node()) {
          continue;
        }
        for (Volume v : rsc.volumes().values()) {
          VolumeDefinition vd = rd.volumeDefinitions().get(v.number());
          if (v.pool() == pool && vd != null) {
            out.add(new Placed(rsc, v, vd));
          }
        }
      }
    }
    return out;
  }

  public static long allocatedKib(Cluster cluster, Resource rsc, Volume v, VolumeDefinition vd) {
    StoragePool pool = v.pool();
    if (pool.diskless()) {
      return 0;
    }
    if (!pool.kind().thin()) {
      return vd.sizeKib();
    }
    if (cluster.store().real() && vd.backing() != null && rsc.deployed()) {
      return cluster.store().allocatedKib(vd.backing()).orElse(v.writtenKib());
    }
    return Math.min(v.writtenKib(), vd.sizeKib());
  }

  public static long freeKib(Cluster cluster, StoragePool pool) {
    if (pool.diskless()) {
      return Long.MAX_VALUE;
    }
    if (pool.full()) {
      return 0;
    }
    long used = 0;
    for (Placed p : volumesIn(cluster, pool)) {
      used += allocatedKib(cluster, p.resource(), p.volume(), p.definition());
    }
    return Math.max(0, pool.totalKib() - used);
  }

  public static long totalKib(StoragePool pool) {
    return pool.diskless() ? Long.MAX_VALUE : pool.totalKib();
  }

  /** The sum of the sizes of the volumes in the pool (what the pool has promised). */
  public static long reservedKib(Cluster cluster, StoragePool pool) {
    long reserved = 0;
    for (Placed p : volumesIn(cluster, pool)) {
      reserved += p.definition().sizeKib();
    }
    return reserved;
  }

  /**
   * The largest volume the pool accepts: its free space, for thin pools times the maximum
   * oversubscription ratio (a 10 GiB spawn on 2 GiB thin pools was accepted, 40 GiB refused).
   */
  public static long maxVolumeKib(Cluster cluster, StoragePool pool) {
    long free = freeKib(cluster, pool);
    if (pool.diskless()) {
      return Long.MAX_VALUE;
    }
    return pool.kind().thin() ? (long) (free * StoragePool.MAX_OVERSUBSCRIPTION) : free;
  }

  public static boolean fits(Cluster cluster, StoragePool pool, long sizeKib) {
    return pool.diskless() || sizeKib <= maxVolumeKib(cluster, pool);
  }
}
