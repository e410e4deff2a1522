package io.linstorcsi.controller.provisioning;

import io.linstorcsi.controller.params.TopologyKeys;
import io.linstorcsi.controller.params.VolumeParameters;
import io.linstorcsi.controller.placement.AutoplaceRequest;
import io.linstorcsi.controller.placement.Cluster;
import io.linstorcsi.controller.placement.NewResource;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.ListFilter;
import io.linstorcsi.linstor.error.ApiCallRc;
import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.model.AutoPlaceRequest;
import io.linstorcsi.linstor.model.Node;
import io.linstorcsi.linstor.model.QuerySizeInfoRequest;
import io.linstorcsi.linstor.model.QuerySizeInfoResponse;
import io.linstorcsi.linstor.model.QuerySizeInfoSpawnResult;
import io.linstorcsi.linstor.model.Resource;
import io.linstorcsi.linstor.model.ResourceCreate;
import io.linstorcsi.linstor.model.SelectFilter;
import io.linstorcsi.linstor.model.StoragePool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The placement view of one resource definition on LINSTOR. For a new volume the definition does
 * not exist yet: the first autoplace becomes the resource group spawn that creates it (one call for
 * definition, volume definition and replicas). Replica nodes are taken from the write replies where
 * LINSTOR names them, and read only when unknown.
 */
final class LinstorCluster implements Cluster {
  private static final Logger log = LoggerFactory.getLogger(LinstorCluster.class);
  private static final Pattern NODE_REF = Pattern.compile("Node/\\d+");
  private static final Pattern READY = Pattern.compile("Resource '([^']+)' on '([^']+)' ready");

  private final LinstorClient client;
  private final String rd;
  private final VolumeParameters params;
  private final String topologyPrefix;
  private final Function<SelectFilter, List<ApiCallRc>> spawner;
  private boolean defined;
  private Set<String> diskful;
  private Runnable beforeAdding;
  private final Set<String> reportedReady = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

  private LinstorCluster(
      LinstorClient client,
      String rd,
      VolumeParameters params,
      String topologyPrefix,
      Function<SelectFilter, List<ApiCallRc>> spawner,
      Set<String> knownDiskful) {
    this.client = client;
    this.rd = rd;
    this.params = params;
    this.topologyPrefix = topologyPrefix;
    this.spawner = spawner;
    this.defined = spawner == null;
    this.diskful = knownDiskful == null ? null : new TreeSet<>(knownDiskful);
  }

  /**
   * A resource that does not exist yet; {@code spawner} creates it, placing replicas with the given
   * filter (none when the filter is null), and returns LINSTOR's replies.
   */
  static LinstorCluster forNew(
      LinstorClient client,
      String rd,
      VolumeParameters params,
      String topologyPrefix,
      Function<SelectFilter, List<ApiCallRc>> spawner) {
    return new LinstorCluster(client, rd, params, topologyPrefix, spawner, Set.of());
  }

  static LinstorCluster forExisting(
      LinstorClient client,
      String rd,
      VolumeParameters params,
      String topologyPrefix,
      Set<String> knownDiskful) {
    return new LinstorCluster(client, rd, params, topologyPrefix, null, knownDiskful);
  }

  boolean defined() {
    return defined;
  }

  /** Runs {@code step} once, before the first write that may add a replica. */
  LinstorCluster beforeAddingReplicas(Runnable step) {
    this.beforeAdding = step;
    return this;
  }

  private void aboutToAdd() {
    if (beforeAdding != null) {
      Runnable step = beforeAdding;
      beforeAdding = null;
      step.run();
    }
  }

  /** Creates the definition without replicas if placement has not done so yet. */
  void ensureDefined() {
    if (!defined) {
      try {
        spawner.apply(null);
      } catch (LinstorException.AlreadyExists e) {
        // made by an earlier attempt whose answer was lost
      }
      defined = true;
    }
  }

  @Override
  public Set<String> diskfulNodes() {
    if (diskful == null) {
      diskful = new TreeSet<>();
      for (Resource r : client.resources().list(rd)) {
        if (Resources.isDiskful(r.flags())) {
          diskful.add(r.nodeName());
        }
      }
    }
    return Set.copyOf(diskful);
  }

  @Override
  public List<String> nodesMatching(Map<String, String> segment) {
    String host = segment.get(TopologyKeys.HOSTNAME);
    List<String> pools = new ArrayList<>();
    ListFilter filter = ListFilter.all();
    boolean byProps = false;
    for (Map.Entry<String, String> e : segment.entrySet()) {
      String key = e.getKey();
      if (key.equals(TopologyKeys.HOSTNAME)) {
        continue;
      }
      if (key.startsWith(TopologyKeys.STORAGE_POOL_PREFIX)) {
        pools.add(key.substring(TopologyKeys.STORAGE_POOL_PREFIX.length()));
      } else {
        filter = filter.prop(topologyPrefix + "/" + key, e.getValue());
        byProps = true;
      }
    }
    if (host != null) {
      filter = filter.nodes(host);
    }
    Set<String> result = null;
    if (byProps || pools.isEmpty()) {
      result = new TreeSet<>();
      for (Node n : client.nodes().list(filter)) {
        result.add(n.name());
      }
    }
    if (!pools.isEmpty()) {
      Map<String, Set<String>> poolsByNode = new HashMap<>();
      ListFilter poolFilter = ListFilter.all().storagePools(pools.toArray(String[]::new));
      if (host != null) {
        poolFilter = poolFilter.nodes(host);
      }
      for (StoragePool p : client.storagePools().view(poolFilter)) {
        poolsByNode.computeIfAbsent(p.nodeName(), k -> new TreeSet<>()).add(p.storagePoolName());
      }
      Set<String> withAll = new TreeSet<>();
      poolsByNode.forEach(
          (node, have) -> {
            if (have.containsAll(pools)) {
              withAll.add(node);
            }
          });
      if (result == null) {
        result = withAll;
      } else {
        result.retainAll(withAll);
      }
    }
    return List.copyOf(result);
  }

  /**
   * LINSTOR's {@code next_spawn_result} of query-size-info. Fresh, not from LINSTOR's answer cache:
   * volumes created one after the other must see each other's replicas, or they would all be
   * proposed the same nodes. Only a hint: anything but an unreachable LINSTOR (a LINSTOR without
   * the query or the field, an unknown group) means "cannot say".
   */
  @Override
  public List<String> proposedNodes(AutoplaceRequest request) {
    SelectFilter.Builder f = SelectFilter.builder().placeCount(request.placeCount());
    if (!request.nodes().isEmpty()) {
      f.nodeNameList(request.nodes());
    }
    QuerySizeInfoResponse answer;
    try {
      answer =
          client
              .resourceGroups()
              .querySizeInfo(params.resourceGroup(), QuerySizeInfoRequest.of(f.build()));
    } catch (LinstorException.Unavailable e) {
      throw e;
    } catch (LinstorException e) {
      log.debug("no placement proposal for {}: {}", rd, e.getMessage());
      return List.of();
    }
    if (answer.spaceInfo() == null) {
      return List.of();
    }
    return answer.spaceInfo().nextSpawnResult().stream()
        .map(QuerySizeInfoSpawnResult::nodeName)
        .filter(Objects::nonNull)
        .distinct()
        .toList();
  }

  @Override
  public void autoplace(AutoplaceRequest request) {
    SelectFilter.Builder f = SelectFilter.builder();
    if (!request.nodes().isEmpty()) {
      f.nodeNameList(request.nodes());
    }
    if (request.placeCount() > 0) {
      f.placeCount(request.placeCount());
    }
    if (!defined) {
      // A new definition has no replicas, so "one more" is just the place count.
      try {
        List<ApiCallRc> replies = spawner.apply(f.build());
        defined = true;
        learn(replies);
        return;
      } catch (LinstorException.AlreadyExists e) {
        defined = true;
        diskful = null;
      } catch (LinstorException.Unavailable e) {
        throw e;
      } catch (LinstorException e) {
        // LINSTOR may keep the definition when only the placement failed; the strategy's next
        // attempt must then autoplace on it instead of spawning again.
        defined = VolumeLookup.definition(client, rd).isPresent();
        throw e;
      }
    }
    if (request.additionalPlaceCount() > 0) {
      f.additionalPlaceCount(request.additionalPlaceCount());
    }
    aboutToAdd();
    learn(client.resources().autoplace(rd, AutoPlaceRequest.of(f.build(), null)));
  }

  /**
   * Whether the answers of this call's placement writes named every diskful replica ready: LINSTOR
   * answers a write that deploys DRBD replicas only after each has up-to-date data and is connected
   * to its peers on online nodes, or after its wait for that ran out, then without the entry
   * (linstor-server 1.33.3 CtrlRscCrtApiHelper, the resource-ready wait).
   */
  boolean reportedConnected() {
    Set<String> nodes = diskfulNodes();
    return nodes.size() > 1 && reportedReady.containsAll(nodes);
  }

  private void learn(List<ApiCallRc> replies) {
    List<String> named = new ArrayList<>();
    for (ApiCallRc rc : replies) {
      Matcher ready = READY.matcher(rc.message() == null ? "" : rc.message());
      if (!rc.isError()
          && !rc.isWarning()
          && ready.matches()
          && ready.group(1).equalsIgnoreCase(rd)) {
        reportedReady.add(ready.group(2));
      }
      for (Map.Entry<String, String> ref : rc.objRefs().entrySet()) {
        if (NODE_REF.matcher(ref.getKey()).matches()) {
          named.add(ref.getValue());
        }
      }
    }
    if (named.isEmpty() || diskful == null) {
      diskful = null;
    } else {
      diskful.addAll(named);
    }
  }

  @Override
  public void makeAvailable(String node, boolean wantDiskful) {
    ensureDefined();
    aboutToAdd();
    client.resources().makeAvailable(rd, node, wantDiskful);
    if (wantDiskful && diskful != null) {
      diskful.add(node);
    } else {
      diskful = null;
    }
  }

  @Override
  public void createResources(List<NewResource> resources) {
    ensureDefined();
    Set<String> present = new TreeSet<>();
    for (Resource r : client.resources().list(rd)) {
      present.add(r.nodeName());
    }
    List<ResourceCreate> missing = new ArrayList<>();
    for (NewResource r : resources) {
      if (present.contains(r.node())) {
        continue;
      }
      Map<String, String> props = new LinkedHashMap<>();
      List<String> flags = new ArrayList<>();
      if (r.diskless()) {
        props.put(Props.STOR_POOL_NAME, params.disklessStoragePool());
        params.disklessFlag().ifPresent(flags::add);
      } else if (!params.storagePools().isEmpty()) {
        props.put(Props.STOR_POOL_NAME, params.storagePools().get(0));
      }
      missing.add(
          new ResourceCreate(
              Resource.of(r.node(), props, flags), params.resourceGroupSpec().layerNames(), null));
    }
    if (!missing.isEmpty()) {
      aboutToAdd();
      client.resources().create(rd, missing);
    }
    diskful = null;
  }
}
