package io.linstorcsi.controller.placement;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.controller.params.RemoteAccessPolicy;
import io.linstorcsi.controller.params.TopologyKeys;
import io.linstorcsi.controller.params.VolumeParameters;
import io.linstorcsi.linstor.error.LinstorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LINSTOR autoplace steered by the CSI topology requirement (the default policy).
 *
 * <p>CSI spec, TopologyRequirement: the volume MUST be accessible from a requisite segment and
 * SHOULD be from the preferred ones, first ones first. So: (1) one replica accessible to the first
 * preferred segment that can take one (its own nodes first, then nodes from which it may reach the
 * volume under the remote access policy); (2) replicas on requisite nodes, where requisites
 * restrict anything; (3) the rest wherever the resource group's filter allows. Done early when the
 * resource already has enough replicas and one of them serves a requisite. A new volume with a
 * preferred node first tries all of that in one write ({@link WholeReplicaSet}).
 */
public record AutoPlaceTopology() implements Placement {
  private static final Logger log = LoggerFactory.getLogger(AutoPlaceTopology.class);

  @Override
  public void place(VolumeParameters params, TopologyRequirement requirement, Cluster cluster) {
    RemoteAccessPolicy policy = params.remoteAccess();
    int wanted = params.placementCount();
    Optional<Set<String>> requisite = requisiteNodes(policy, requirement.requisite(), cluster);
    if (satisfied(cluster.diskfulNodes(), requisite, wanted)) {
      return;
    }
    if (!requirement.preferred().isEmpty()
        && WholeReplicaSet.place(
            requirement.preferred().get(0).segments(), requisite, wanted, cluster)
        && satisfied(cluster.diskfulNodes(), requisite, wanted)) {
      return;
    }
    for (Topology preferred : requirement.preferred()) {
      if (placeOneAccessibleTo(preferred.segments(), policy, cluster)) {
        break;
      }
    }
    if (satisfied(cluster.diskfulNodes(), requisite, wanted)) {
      return;
    }
    if (requisite.isPresent()) {
      List<String> nodes = List.copyOf(requisite.get());
      int count = nodes.size() < wanted ? nodes.size() : 0;
      // Every requisite node already holding a replica (strict topology: the selected node, placed
      // above) leaves LINSTOR nothing to do there; asking anyway costs a call answered "already
      // deployed ... Skipping" and then a read to learn what is placed.
      if (!cluster.diskfulNodes().containsAll(nodes)) {
        try {
          cluster.autoplace(new AutoplaceRequest(nodes, count, 0));
        } catch (LinstorException.Unavailable e) {
          throw e;
        } catch (LinstorException e) {
          throw CsiError.resourceExhausted(
              "not enough replicas could be placed on the requisite nodes "
                  + nodes
                  + ": "
                  + e.getMessage());
        }
      }
      if (nodes.size() >= wanted) {
        return;
      }
    }
    if (cluster.diskfulNodes().size() < wanted) {
      cluster.autoplace(AutoplaceRequest.GROUP_DEFAULTS);
    }
  }

  private static boolean satisfied(
      Set<String> diskful, Optional<Set<String>> requisite, int wanted) {
    if (diskful.size() < wanted || diskful.isEmpty()) {
      return false;
    }
    return requisite.isEmpty() || diskful.stream().anyMatch(requisite.get()::contains);
  }

  /**
   * The nodes that can serve a requisite segment, or empty when requisites restrict nothing (none
   * given, or the remote access policy lets every node reach the volume).
   */
  static Optional<Set<String>> requisiteNodes(
      RemoteAccessPolicy policy, List<Topology> requisites, Cluster cluster) {
    List<Map<String, String>> patterns = new ArrayList<>();
    for (Topology t : requisites) {
      patterns.addAll(policy.accessibleSegments(t.segments()));
    }
    patterns = RemoteAccessPolicy.prune(patterns);
    if (patterns.isEmpty() || patterns.stream().anyMatch(Map::isEmpty)) {
      return Optional.empty();
    }
    Set<String> nodes = new TreeSet<>();
    for (Map<String, String> p : patterns) {
      nodes.addAll(nodesFor(p, cluster));
    }
    return Optional.of(nodes);
  }

  /** Hostname segments name their node directly; others need a label lookup. */
  static List<String> nodesFor(Map<String, String> segment, Cluster cluster) {
    String host = segment.get(TopologyKeys.HOSTNAME);
    if (host != null) {
      return List.of(host);
    }
    return cluster.nodesMatching(segment);
  }

  private static boolean placeOneAccessibleTo(
      Map<String, String> segment, RemoteAccessPolicy policy, Cluster cluster) {
    List<Map<String, String>> attempts = new ArrayList<>();
    attempts.add(segment);
    for (Map<String, String> p : policy.accessibleSegments(segment)) {
      if (!p.isEmpty() && !attempts.contains(p)) {
        attempts.add(p);
      }
    }
    for (Map<String, String> attempt : attempts) {
      List<String> nodes = nodesFor(attempt, cluster);
      if (nodes.isEmpty()) {
        continue;
      }
      if (nodes.stream().anyMatch(cluster.diskfulNodes()::contains)) {
        return true;
      }
      try {
        cluster.autoplace(AutoplaceRequest.oneMoreOn(nodes));
        return true;
      } catch (RuntimeException e) {
        if (!Placement.isRefusal(e)) {
          throw e;
        }
        log.debug("no replica fits on {} for segment {}: {}", nodes, attempt, e.getMessage());
      }
    }
    return false;
  }
}
