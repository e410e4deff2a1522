package io.linstorcsi.driver.status;

import io.linstorcsi.linstor.model.Node;
import io.linstorcsi.linstor.model.ResourceDefinition;
import io.linstorcsi.linstor.model.ResourceGroup;
import io.linstorcsi.linstor.model.ResourceWithVolumes;
import io.linstorcsi.linstor.model.StoragePool;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What LINSTOR reported in one read: the input of every rule and of both renderers. */
record ClusterSnapshot(
    List<Node> nodes,
    List<StoragePool> storagePools,
    List<ResourceWithVolumes> resources,
    List<ResourceDefinition> definitions,
    List<ResourceGroup> groups,
    BackupInventory backups) {

  ClusterSnapshot {
    nodes = List.copyOf(nodes);
    storagePools = List.copyOf(storagePools);
    resources = List.copyOf(resources);
    definitions = List.copyOf(definitions);
    groups = List.copyOf(groups);
    java.util.Objects.requireNonNull(backups, "backups");
  }

  /** A cluster without remotes. */
  ClusterSnapshot(
      List<Node> nodes,
      List<StoragePool> storagePools,
      List<ResourceWithVolumes> resources,
      List<ResourceDefinition> definitions,
      List<ResourceGroup> groups) {
    this(nodes, storagePools, resources, definitions, groups, BackupInventory.none());
  }

  Optional<Node> node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  /**
   * A node LINSTOR does not list is treated as offline: its resources cannot report a state either.
   */
  boolean nodeOnline(String name) {
    return node(name).map(Node::online).orElse(false);
  }

  /** Every replica, with what its DRBD layer says, grouped by resource name in listing order. */
  Map<String, List<Replica>> replicasByResource() {
    return resources.stream()
        .map(r -> Replica.of(r, nodeOnline(r.nodeName())))
        .collect(
            Collectors.groupingBy(
                Replica::resource, java.util.LinkedHashMap::new, Collectors.toList()));
  }

  Map<String, ResourceGroup> groupsByName() {
    return groups.stream()
        .collect(Collectors.toMap(ResourceGroup::name, Function.identity(), (a, b) -> a));
  }
}
