package io.linstorcsi.controller.placement;

import io.linstorcsi.linstor.error.LinstorException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A small in-memory cluster for placement tests: nodes with labels, some of them full, and the
 * replicas of one resource. Autoplace picks free nodes in name order, like a deterministic LINSTOR.
 */
final class FakeCluster implements Cluster {
  final Map<String, Map<String, String>> nodes = new LinkedHashMap<>();
  final Set<String> full = new TreeSet<>();
  final Set<String> diskful = new TreeSet<>();
  final Set<String> diskless = new TreeSet<>();
  final List<String> calls = new ArrayList<>();
  final int groupPlaceCount;
  boolean down;
  boolean proposes = true;

  FakeCluster(int groupPlaceCount, String... names) {
    this.groupPlaceCount = groupPlaceCount;
    for (String n : names) {
      nodes.put(n, new LinkedHashMap<>());
    }
  }

  FakeCluster label(String node, String key, String value) {
    nodes.get(node).put(key, value);
    return this;
  }

  @Override
  public Set<String> diskfulNodes() {
    return Set.copyOf(diskful);
  }

  @Override
  public List<String> nodesMatching(Map<String, String> segment) {
    calls.add("nodesMatching " + segment);
    return nodes.entrySet().stream()
        .filter(e -> e.getValue().entrySet().containsAll(segment.entrySet()))
        .map(Map.Entry::getKey)
        .toList();
  }

  /**
   * Proposes the free nodes in name order, like {@link #autoplace}; none when {@code proposes} is
   * off (a LINSTOR that cannot say).
   */
  @Override
  public List<String> proposedNodes(AutoplaceRequest r) {
    calls.add("proposal nodes=" + r.nodes() + " count=" + r.placeCount());
    failIfDown();
    if (!proposes) {
      return List.of();
    }
    List<String> free =
        nodes.keySet().stream()
            .filter(n -> r.nodes().isEmpty() || r.nodes().contains(n))
            .filter(n -> !full.contains(n))
            .toList();
    return free.size() < r.placeCount() ? List.of() : free.subList(0, r.placeCount());
  }

  @Override
  public void autoplace(AutoplaceRequest r) {
    calls.add(
        "autoplace nodes="
            + r.nodes()
            + " count="
            + r.placeCount()
            + " add="
            + r.additionalPlaceCount());
    failIfDown();
    int target = r.placeCount() > 0 ? r.placeCount() : groupPlaceCount;
    int need = r.additionalPlaceCount() > 0 ? r.additionalPlaceCount() : target - diskful.size();
    if (need <= 0) {
      return;
    }
    List<String> candidates =
        nodes.keySet().stream()
            .filter(n -> r.nodes().isEmpty() || r.nodes().contains(n))
            .filter(n -> !diskful.contains(n) && !full.contains(n))
            .toList();
    if (candidates.size() < need) {
      throw new LinstorException.Invalid("Not enough available nodes", 500, List.of());
    }
    diskful.addAll(candidates.subList(0, need));
  }

  @Override
  public void makeAvailable(String node, boolean diskfulWanted) {
    calls.add("makeAvailable " + node + " diskful=" + diskfulWanted);
    failIfDown();
    if (!nodes.containsKey(node)) {
      throw new LinstorException.NotFound("node " + node + " not found", 404, List.of());
    }
    if (diskfulWanted && full.contains(node)) {
      throw new LinstorException.InsufficientSpace("pool full on " + node, 500, List.of());
    }
    (diskfulWanted ? diskful : diskless).add(node);
  }

  @Override
  public void createResources(List<NewResource> resources) {
    calls.add("create " + resources);
    failIfDown();
    for (NewResource r : resources) {
      if (!diskful.contains(r.node()) && !diskless.contains(r.node())) {
        (r.diskless() ? diskless : diskful).add(r.node());
      }
    }
  }

  private void failIfDown() {
    if (down) {
      throw new LinstorException.Unavailable("connection refused", 0, null);
    }
  }
}
