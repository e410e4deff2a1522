package io.linstorcsi.controller.provisioning;

import io.linstorcsi.controller.params.TopologyKeys;
import io.linstorcsi.controller.params.VolumeParameters;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.ListFilter;
import io.linstorcsi.linstor.model.Node;
import io.linstorcsi.linstor.model.ResourceWithVolumes;
import io.linstorcsi.linstor.model.StoragePool;
import io.linstorcsi.linstor.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * GetCapacity: free space for a StorageClass as seen from one topology segment. The segment's nodes
 * and those from which it may reach a replica (remote access policy) count; per candidate segment
 * the pools' free space is summed, and the best segment is reported (the Go driver's rule).
 */
public final class CapacityReporter {
  private static final String MAX_OVERSUBSCRIPTION = "MaxOversubscriptionRatio";
  private static final String MAX_TOTAL_OVERSUBSCRIPTION = "MaxTotalCapacityOversubscriptionRatio";

  private final String topologyPrefix;

  public CapacityReporter(String topologyPrefix) {
    this.topologyPrefix = topologyPrefix;
  }

  public long capacityBytes(
      LinstorClient client, VolumeParameters params, Map<String, String> segment) {
    List<String> requestedPools = new ArrayList<>();
    segment.forEach(
        (k, v) -> {
          if (k.startsWith(TopologyKeys.STORAGE_POOL_PREFIX)) {
            requestedPools.add(k.substring(TopologyKeys.STORAGE_POOL_PREFIX.length()));
          }
        });
    long best = 0;
    for (Map<String, String> pattern : params.remoteAccess().accessibleSegments(segment)) {
      best = Math.max(best, patternKib(client, params, pattern, requestedPools));
    }
    return best * 1024;
  }

  private long patternKib(
      LinstorClient client,
      VolumeParameters params,
      Map<String, String> pattern,
      List<String> requestedPools) {
    ListFilter nodeFilter = ListFilter.all();
    for (Map.Entry<String, String> e : pattern.entrySet()) {
      if (e.getKey().equals(TopologyKeys.HOSTNAME)) {
        nodeFilter = nodeFilter.nodes(e.getValue());
      } else if (!e.getKey().startsWith(TopologyKeys.STORAGE_POOL_PREFIX)) {
        nodeFilter = nodeFilter.prop(topologyPrefix + "/" + e.getKey(), e.getValue());
      }
    }
    List<String> usable = new ArrayList<>();
    for (Node n : client.nodes().list(nodeFilter)) {
      boolean evicted =
          n.flags() != null && (n.flags().contains("EVICTED") || n.flags().contains("EVACUATE"));
      boolean noTarget = n.props() != null && "false".equals(n.props().get("AutoplaceTarget"));
      if (!evicted && !noTarget) {
        usable.add(n.name());
      }
    }
    if (usable.isEmpty()) {
      return 0;
    }
    ListFilter poolFilter = ListFilter.all().nodes(usable.toArray(String[]::new));
    long total = 0;
    for (StoragePool p : client.storagePools().view(poolFilter)) {
      if (!usable.contains(p.nodeName())
          || "DISKLESS".equals(p.providerKind())
          || (!requestedPools.isEmpty() && !requestedPools.contains(p.storagePoolName()))
          || (!params.storagePools().isEmpty()
              && !params.storagePools().contains(p.storagePoolName()))) {
        continue;
      }
      total += poolKib(client, params.overProvision(), p);
    }
    return total;
  }

  private long poolKib(LinstorClient client, OptionalDouble configured, StoragePool p) {
    OptionalDouble factor = configured;
    Map<String, String> props = p.props() == null ? Map.of() : p.props();
    String limit = props.getOrDefault(MAX_TOTAL_OVERSUBSCRIPTION, props.get(MAX_OVERSUBSCRIPTION));
    if (limit != null) {
      try {
        double l = Double.parseDouble(limit);
        if (factor.isEmpty() || factor.getAsDouble() > l) {
          // LINSTOR's own limit wins where it is stricter.
          factor = OptionalDouble.of(l);
        }
      } catch (NumberFormatException e) {
        // ignore a malformed pool property
      }
    }
    if (factor.isEmpty()) {
      return p.freeCapacity() == null ? 0 : p.freeCapacity();
    }
    long virtual =
        (long) ((p.totalCapacity() == null ? 0 : p.totalCapacity()) * factor.getAsDouble());
    long reserved = reservedKib(client, p);
    return Math.max(0, virtual - reserved);
  }

  /** The usable size of every volume placed in the pool. */
  private static long reservedKib(LinstorClient client, StoragePool p) {
    long reserved = 0;
    ListFilter f = ListFilter.all().nodes(p.nodeName()).storagePools(p.storagePoolName());
    for (ResourceWithVolumes r : client.resources().view(f)) {
      if (!p.nodeName().equals(r.nodeName()) || r.volumes() == null) {
        continue;
      }
      for (Volume v : r.volumes()) {
        if (p.storagePoolName().equals(v.storagePoolName()) && v.usableSizeKib() != null) {
          reserved += v.usableSizeKib();
        }
      }
    }
    return reserved;
  }
}
