package io.linstorcsi.controller.placement;

import io.linstorcsi.linstor.error.LinstorException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The LINSTOR cluster as a placement strategy sees it while placing one resource. Writes throw
 * {@link LinstorException} when LINSTOR refuses them; strategies catch refusals of optional
 * attempts and let {@link LinstorException.Unavailable} through.
 */
public interface Cluster {
  /** Nodes holding a diskful replica of the resource now. */
  Set<String> diskfulNodes();

  /**
   * Nodes whose labels match every entry of {@code segment} (hostname, {@code linbit.com/sp-*}
   * pools, node aux properties); an empty segment matches every node.
   */
  List<String> nodesMatching(Map<String, String> segment);

  /**
   * Where LINSTOR's autoplacer would put {@code request.placeCount()} diskful replicas of a new
   * resource of the resource group (on {@code request.nodes()} when given, on top of the group's
   * select filter), as node names; empty when it would place none or cannot say. A read: nothing is
   * placed.
   */
  List<String> proposedNodes(AutoplaceRequest request);

  /** LINSTOR autoplace for the resource, on top of the resource group's select filter. */
  void autoplace(AutoplaceRequest request);

  /** Ensures the resource exists on {@code node} (diskful when asked), like make-available. */
  void makeAvailable(String node, boolean diskful);

  /** Creates resources on named nodes; ones already present are left as they are. */
  void createResources(List<NewResource> resources);
}
