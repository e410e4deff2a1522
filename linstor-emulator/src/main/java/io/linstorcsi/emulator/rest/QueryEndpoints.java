package io.linstorcsi.emulator.rest;

import io.linstorcsi.emulator.place.Autoplacer;
import io.linstorcsi.emulator.rc.Rc;
import io.linstorcsi.emulator.server.Call;
import io.linstorcsi.emulator.server.Reply;
import io.linstorcsi.emulator.server.Router;
import io.linstorcsi.emulator.state.Capacity;
import io.linstorcsi.emulator.state.Node;
import io.linstorcsi.emulator.state.ResourceDefinition;
import io.linstorcsi.emulator.state.ResourceGroup;
import io.linstorcsi.emulator.state.SelectFilter;
import io.linstorcsi.emulator.state.StoragePool;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * How large a new volume may be: the maximum volume size per storage pool and the size info of a
 * resource group, both computed with the autoplacer's choice of nodes as a new resource would get
 * them.
 */
final class QueryEndpoints {
  private final Api api;
  private final ResourceOps ops;

  QueryEndpoints(Api api, ResourceOps ops) {
    this.api = api;
    this.ops = ops;
  }

  void register(Router router) {
    router.add("OPTIONS", "/v1/query-max-volume-size", this::maxVolumeSize);
    router.add(
        "GET",
        "/v1/resource-groups/{resource_group}/query-max-volume-size",
        this::groupMaxVolumeSize);
    router.add("POST", "/v1/resource-groups/{resource_group}/query-size-info", this::sizeInfo);
  }

  private Reply maxVolumeSize(Call call) {
    In.AutoSelectFilter body =
        call.body() == null || call.body().isBlank() ? null : call.body(In.AutoSelectFilter.class);
    return api.cluster.locked(
        () -> Reply.ok(maxSizes(SelectFilter.EMPTY.overlay(Filters.of(body)))));
  }

  private Reply groupMaxVolumeSize(Call call) {
    return api.cluster.locked(
        () -> {
          ResourceGroup rg = Lookup.rgForGet(api.cluster, call.param("resource_group"));
          return Reply.ok(maxSizes(rg.selectFilter()));
        });
  }

  private Out.MaxVolumeSizes maxSizes(SelectFilter filter) {
    int count = filter.placeCount() == null ? 1 : filter.placeCount();
    Set<String> poolNames = new TreeSet<>();
    if (filter.storagePoolList() != null && !filter.storagePoolList().isEmpty()) {
      poolNames.addAll(filter.storagePoolList());
    } else {
      for (Node node : api.cluster.nodes().values()) {
        node.pools().values().stream()
            .filter(p -> !p.diskless())
            .forEach(p -> poolNames.add(p.name()));
      }
    }
    List<Out.Candidate> candidates = new ArrayList<>();
    for (String pool : poolNames) {
      SelectFilter single = filter.overlay(withPools(List.of(pool)));
      List<Autoplacer.Choice> chosen = choose(single, count);
      if (chosen == null) {
        continue;
      }
      long max = Long.MAX_VALUE;
      boolean allThin = true;
      List<String> nodes = new ArrayList<>();
      for (Autoplacer.Choice c : chosen) {
        max = Math.min(max, Capacity.freeKib(api.cluster, c.pool()));
        allThin &= c.pool().kind().thin();
        nodes.add(c.node().name());
      }
      candidates.add(new Out.Candidate(pool, max, nodes, allThin));
    }
    return new Out.MaxVolumeSizes(candidates, StoragePool.MAX_OVERSUBSCRIPTION);
  }

  private static SelectFilter withPools(List<String> pools) {
    return new SelectFilter(
        null, null, null, pools, null, null, null, null, null, null, null, null, null, null);
  }

  /** The autoplacer's choice for a new, empty resource definition of size 0. */
  private List<Autoplacer.Choice> choose(SelectFilter filter, int count) {
    ResourceGroup scratchGroup = new ResourceGroup("query");
    ResourceDefinition scratch = new ResourceDefinition("query", null, scratchGroup, "");
    List<String> layers = filter.layerStack() != null ? filter.layerStack() : ops.defaultLayers();
    return Autoplacer.place(api.cluster, scratch, filter, layers, count, 0);
  }

  private Reply sizeInfo(Call call) {
    In.QuerySizeInfoRequest body =
        call.body() == null || call.body().isBlank()
            ? null
            : call.body(In.QuerySizeInfoRequest.class);
    String name = call.param("resource_group");
    return api.cluster.locked(
        () -> {
          ResourceGroup rg = api.cluster.resourceGroups().get(name);
          if (rg == null) {
            // recorded: an unknown group is a 200 with the error inside
            Rc rc = Lookup.rgNotFound(0, name).build();
            return Reply.ok(new Out.QuerySizeInfo(null, List.of(rc)));
          }
          SelectFilter filter =
              rg.selectFilter().overlay(body == null ? null : Filters.of(body.selectFilter()));
          int count = filter.placeCount() == null ? 1 : filter.placeCount();
          List<Autoplacer.Choice> chosen = choose(filter, count);
          if (chosen == null || chosen.isEmpty()) {
            return Reply.ok(
                new Out.QuerySizeInfo(
                    new Out.SpaceInfo(0, 0L, 0L, StoragePool.MAX_OVERSUBSCRIPTION, null), null));
          }
          long max = Long.MAX_VALUE;
          long available = Long.MAX_VALUE;
          long capacity = Long.MAX_VALUE;
          List<Out.SpawnResult> next = new ArrayList<>();
          for (Autoplacer.Choice c : chosen) {
            max = Math.min(max, Capacity.maxVolumeKib(api.cluster, c.pool()));
            available = Math.min(available, Capacity.freeKib(api.cluster, c.pool()));
            capacity = Math.min(capacity, Capacity.totalKib(c.pool()));
            next.add(
                new Out.SpawnResult(
                    c.node().name(), c.pool().name(), StoragePool.MAX_OVERSUBSCRIPTION));
          }
          return Reply.ok(
              new Out.QuerySizeInfo(
                  new Out.SpaceInfo(
                      max, available, capacity, StoragePool.MAX_OVERSUBSCRIPTION, next),
                  null));
        });
  }
}
