package io.linstorcsi.controller.placement;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All replicas of a new volume in one placement write, for a topology that prefers a node. Each
 * write that deploys replicas waits for the satellites, so pinning one replica to the preferred
 * node and then filling up costs two such waits; asking the autoplacer first where it would put the
 * replicas (a read) lets one spawn pin the whole set: the autoplacer's own proposal when it already
 * holds the preferred node, else the preferred node and the best others it proposed.
 *
 * <p>The spawn pins the set with a node list and a place count of the same size, so LINSTOR's
 * autoplacer still checks the group's constraints (pools, layers, replicas on same/different)
 * against exactly these nodes (linstor-server 1.33: {@code autoplacer/StorPoolFilter.java} keeps
 * only pools on listed nodes, then {@code Selector} picks place-count of them). When it refuses,
 * nothing is placed and the caller places step by step as before.
 */
final class WholeReplicaSet {
  private static final Logger log = LoggerFactory.getLogger(WholeReplicaSet.class);

  private WholeReplicaSet() {}

  /**
   * Places {@code wanted} replicas in one write, one of them on a node of the {@code preferred}
   * segment and, when {@code requisite} restricts anything, all of them on requisite nodes, or on
   * every requisite node and the rest anywhere when there are fewer requisite nodes than replicas
   * (the rule {@link AutoPlaceTopology} follows step by step).
   *
   * @return whether the write placed them; false when it was not tried or LINSTOR refused it
   */
  static boolean place(
      Map<String, String> preferred, Optional<Set<String>> requisite, int wanted, Cluster cluster) {
    if (wanted < 2 || !cluster.diskfulNodes().isEmpty()) {
      // one replica needs no proposal; a partly placed volume is topped up step by step
      return false;
    }
    List<String> candidates = new ArrayList<>(AutoPlaceTopology.nodesFor(preferred, cluster));
    requisite.ifPresent(candidates::retainAll);
    if (candidates.isEmpty()) {
      return false;
    }
    boolean fewRequisites = requisite.map(r -> r.size() < wanted).orElse(false);
    List<String> required = fewRequisites ? List.copyOf(requisite.get()) : List.of();
    List<String> within = fewRequisites ? List.of() : requisite.map(List::copyOf).orElse(List.of());
    List<String> proposal = cluster.proposedNodes(new AutoplaceRequest(within, wanted, 0));
    Optional<List<String>> set = chooseSet(required, candidates, proposal, wanted);
    if (set.isEmpty()) {
      return false;
    }
    try {
      cluster.autoplace(new AutoplaceRequest(set.get(), wanted, 0));
      return true;
    } catch (RuntimeException e) {
      if (!Placement.isRefusal(e)) {
        throw e;
      }
      log.debug("LINSTOR refused the replica set {}: {}", set.get(), e.getMessage());
      return false;
    }
  }

  /**
   * The nodes to pin: the {@code required} ones, a {@code preferred} node (the autoplacer's pick
   * among them, or the only one), then the best others of the {@code proposal}. Empty when that
   * makes fewer than {@code wanted} nodes, or when the preferred segment has several nodes none of
   * which the autoplacer proposed (which of them could hold a replica is unknown).
   */
  static Optional<List<String>> chooseSet(
      List<String> required, List<String> preferred, List<String> proposal, int wanted) {
    Set<String> set = new LinkedHashSet<>(required);
    if (set.stream().noneMatch(preferred::contains)) {
      Optional<String> proposed = proposal.stream().filter(preferred::contains).findFirst();
      if (proposed.isPresent()) {
        set.add(proposed.get());
      } else if (preferred.size() == 1) {
        set.add(preferred.get(0));
      } else {
        return Optional.empty();
      }
    }
    for (String node : proposal) {
      if (set.size() >= wanted) {
        break;
      }
      set.add(node);
    }
    return set.size() == wanted ? Optional.of(List.copyOf(set)) : Optional.empty();
  }
}
