package io.linstorcsi.emulator.place;

import io.linstorcsi.emulator.state.Capacity;
import io.linstorcsi.emulator.state.Cluster;
import io.linstorcsi.emulator.state.Names;
import io.linstorcsi.emulator.state.Node;
import io.linstorcsi.emulator.state.ProviderKind;
import io.linstorcsi.emulator.state.Resource;
import io.linstorcsi.emulator.state.ResourceDefinition;
import io.linstorcsi.emulator.state.SelectFilter;
import io.linstorcsi.emulator.state.StoragePool;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Chooses nodes and pools for new diskful replicas. A node qualifies when it is online, supports
 * the layer stack, has no replica of the definition, is allowed by the node list and the
 * do-not-place-with rules, and has a matching pool with room for the volumes (thin pools up to 20
 * times their free space). Nodes are taken least-reserved pool first, then most free space, then by
 * name: this reproduces every placement the recorded controller made. {@code replicas_on_same} and
 * {@code replicas_on_different} then hold across the chosen and already deployed replicas, as in
 * linstor-server's SelectionManager (property keys are taken literally, {@code key=value} fixes the
 * value).
 */
public final class Autoplacer {

  /** One chosen node with the pool that gets the volumes. */
  public record Choice(Node node, StoragePool pool) {}

  private Autoplacer() {}

  public static List<Choice> place(
      Cluster cluster,
      ResourceDefinition rd,
      SelectFilter filter,
      List<String> layers,
      int count,
      long sizeKib) {
    List<Resource> deployed = rd.diskfulResources();
    List<Choice> candidates = candidates(cluster, rd, filter, layers, sizeKib);
    for (Map<String, String> same : sameValueOptions(filter, deployed, candidates)) {
      List<Choice> chosen = greedy(filter, deployed, candidates, same, count);
      if (chosen != null) {
        chosen.sort(Comparator.comparing(c -> c.node().name(), Names.ORDER));
        return chosen;
      }
    }
    return null;
  }

  static List<Choice> candidates(
      Cluster cluster,
      ResourceDefinition rd,
      SelectFilter filter,
      List<String> layers,
      long sizeKib) {
    Set<String> avoid = avoidedNodes(cluster, rd, filter);
    List<Choice> out = new ArrayList<>();
    for (Node node : cluster.nodes().values()) {
      Resource there = rd.resources().get(node.name());
      if (!node.online()
          || (there != null && !takesADisk(there))
          || avoid.contains(node.name())
          || (layers.contains("DRBD") && !cluster.drbdSupported())) {
        continue;
      }
      if (filter.nodeNameList() != null
          && !filter.nodeNameList().isEmpty()
          && filter.nodeNameList().stream().noneMatch(n -> n.equalsIgnoreCase(node.name()))) {
        continue;
      }
      StoragePool best = null;
      for (StoragePool pool : node.pools().values()) {
        if (pool.diskless()
            || !poolAllowed(filter, pool)
            || !Capacity.fits(cluster, pool, sizeKib)) {
          continue;
        }
        if (best == null || rank(cluster).compare(pool, best) < 0) {
          best = pool;
        }
      }
      if (best != null) {
        out.add(new Choice(node, best));
      }
    }
    out.sort((a, b) -> rank(cluster).compare(a.pool(), b.pool()));
    return out;
  }

  /**
   * Whether a node already holding {@code rsc} stays a candidate: a DRBD diskless replica (client
   * or tie-breaker) is given a disk when chosen (linstor-server CtrlRscAutoPlaceApiCallHandler
   * skips the already-placed check for diskless nodes; CtrlRscCrtApiHelper.createResourceDb toggles
   * them diskful).
   */
  public static boolean takesADisk(Resource rsc) {
    return !rsc.deleting() && rsc.flags().contains(Resource.FLAG_DRBD_DISKLESS);
  }

  private static Comparator<StoragePool> rank(Cluster cluster) {
    return Comparator.comparingLong((StoragePool p) -> Capacity.reservedKib(cluster, p))
        .thenComparing(
            Comparator.comparingLong((StoragePool p) -> Capacity.freeKib(cluster, p)).reversed())
        .thenComparing(p -> p.node().name(), Names.ORDER);
  }

  private static boolean poolAllowed(SelectFilter filter, StoragePool pool) {
    List<String> pools = filter.storagePoolList();
    if (pools != null
        && !pools.isEmpty()
        && pools.stream().noneMatch(p -> p.equalsIgnoreCase(pool.name()))) {
      return false;
    }
    List<String> providers = filter.providerList();
    if (providers != null && !providers.isEmpty()) {
      ProviderKind kind = pool.kind();
      return providers.stream().anyMatch(p -> p.equalsIgnoreCase(kind.name()));
    }
    return true;
  }

  /** Nodes hosting a resource named in not_place_with_rsc or matching not_place_with_rsc_regex. */
  private static Set<String> avoidedNodes(
      Cluster cluster, ResourceDefinition rd, SelectFilter filter) {
    Set<String> avoid = new LinkedHashSet<>();
    Pattern regex = null;
    if (filter.notPlaceWithRscRegex() != null && !filter.notPlaceWithRscRegex().isEmpty()) {
      try {
        regex = Pattern.compile(filter.notPlaceWithRscRegex(), Pattern.CASE_INSENSITIVE);
      } catch (PatternSyntaxException e) {
        regex = null;
      }
    }
    for (ResourceDefinition other : cluster.resourceDefinitions().values()) {
      if (other == rd) {
        continue;
      }
      boolean named =
          filter.notPlaceWithRsc() != null
              && filter.notPlaceWithRsc().stream().anyMatch(n -> n.equalsIgnoreCase(other.name()));
      // linstor-server StorPoolFilter.nodeDoNoPlaceWithFilters: any replica not being deleted
      // counts, and
      // the regex only has to match a part of the name
      boolean matched = regex != null && regex.matcher(other.name()).find();
      if (named || matched) {
        for (Resource r : other.resources().values()) {
          if (!r.deleting()) {
            avoid.add(r.node().name());
          }
        }
      }
    }
    return avoid;
  }

  /**
   * The value assignments for replicas_on_same to try: fixed by {@code key=value}, by the deployed
   * replicas, or else each value the candidates carry (best-ranked first).
   */
  private static List<Map<String, String>> sameValueOptions(
      SelectFilter filter, List<Resource> deployed, List<Choice> candidates) {
    List<Map<String, String>> options = new ArrayList<>();
    options.add(new HashMap<>());
    if (filter.replicasOnSame() == null) {
      return options;
    }
    for (String entry : filter.replicasOnSame()) {
      int eq = entry.indexOf('=');
      String key = eq < 0 ? entry : entry.substring(0, eq);
      Set<String> values = new LinkedHashSet<>();
      if (eq >= 0) {
        values.add(entry.substring(eq + 1));
      } else {
        for (Resource r : deployed) {
          String v = r.node().props().get(key);
          if (v != null) {
            values.add(v);
          }
        }
        if (values.isEmpty()) {
          for (Choice c : candidates) {
            String v = c.node().props().get(key);
            if (v != null) {
              values.add(v);
            }
          }
        }
      }
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> option : options) {
        for (String value : values) {
          Map<String, String> extended = new HashMap<>(option);
          extended.put(key, value);
          next.add(extended);
        }
      }
      options = next;
    }
    return options;
  }

  private static List<Choice> greedy(
      SelectFilter filter,
      List<Resource> deployed,
      List<Choice> candidates,
      Map<String, String> same,
      int count) {
    List<Node> taken = new ArrayList<>();
    for (Resource r : deployed) {
      taken.add(r.node());
    }
    List<Choice> chosen = new ArrayList<>();
    for (Choice c : candidates) {
      if (chosen.size() >= count) {
        break;
      }
      if (sameOk(c.node(), same) && differentOk(filter, c.node(), taken)) {
        chosen.add(c);
        taken.add(c.node());
      }
    }
    return chosen.size() >= count ? chosen : null;
  }

  private static boolean sameOk(Node node, Map<String, String> same) {
    for (Map.Entry<String, String> e : same.entrySet()) {
      if (!Objects.equals(node.props().get(e.getKey()), e.getValue())) {
        return false;
      }
    }
    return true;
  }

  private static boolean differentOk(SelectFilter filter, Node node, List<Node> taken) {
    Map<String, Integer> limits = new HashMap<>();
    if (filter.replicasOnDifferent() != null) {
      for (String entry : filter.replicasOnDifferent()) {
        int eq = entry.indexOf('=');
        limits.put(eq < 0 ? entry : entry.substring(0, eq), 1);
      }
    }
    if (filter.xReplicasOnDifferentMap() != null) {
      limits.putAll(filter.xReplicasOnDifferentMap());
    }
    for (Map.Entry<String, Integer> e : limits.entrySet()) {
      String value = node.props().get(e.getKey());
      if (value == null) {
        return false;
      }
      long already = taken.stream().filter(n -> value.equals(n.props().get(e.getKey()))).count();
      if (already >= e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
