package io.linstorcsi.driver.status;

import io.linstorcsi.linstor.error.ApiCallRc;
import io.linstorcsi.linstor.model.DrbdConnection;
import io.linstorcsi.linstor.model.DrbdResource;
import io.linstorcsi.linstor.model.LayerObject;
import io.linstorcsi.linstor.model.Node;
import io.linstorcsi.linstor.model.ResourceDefinition;
import io.linstorcsi.linstor.model.ResourceGroup;
import io.linstorcsi.linstor.model.ResourceState;
import io.linstorcsi.linstor.model.ResourceWithVolumes;
import io.linstorcsi.linstor.model.SelectFilter;
import io.linstorcsi.linstor.model.StoragePool;
import io.linstorcsi.linstor.model.Volume;
import io.linstorcsi.linstor.model.VolumeState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-built LINSTOR records for rule tests, shaped like what {@code /v1/nodes}, {@code
 * /v1/view/storage-pools} and {@code /v1/view/resources} return. {@link #healthy()} is a three-node
 * cluster with one resource replicated three times; tests break one thing at a time.
 */
final class Fixture {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final long GIB = 1L << 20; // in KiB

  final Map<String, Node> nodes = new LinkedHashMap<>();
  final List<StoragePool> pools = new ArrayList<>();
  final Map<String, ReplicaSpec> replicas = new LinkedHashMap<>();
  final List<ResourceDefinition> definitions = new ArrayList<>();
  final List<ResourceGroup> groups = new ArrayList<>();
  BackupInventory backups = BackupInventory.none();

  static Fixture healthy() {
    Fixture f = new Fixture();
    for (String n : List.of("node-a", "node-b", "node-c")) {
      f.nodes.put(n, node(n, "ONLINE", null, List.of()));
      f.pools.add(pool(n, "sp1", 18 * GIB, 20 * GIB));
      f.pools.add(disklessPool(n));
    }
    f.groups.add(group("sc-3", 3));
    f.groups.add(group("DfltRscGrp", null));
    f.resource("pvc-1", "sc-3", "node-a", "node-b", "node-c");
    // node-a is Primary; DRBD then refuses promotion everywhere else (single primary).
    f.replica("pvc-1", "node-a").inUse = true;
    f.replica("pvc-1", "node-b").mayPromote(false);
    f.replica("pvc-1", "node-c").mayPromote(false);
    return f;
  }

  /** A resource definition with fully connected, UpToDate replicas on the given nodes. */
  Fixture resource(String name, String group, String... onNodes) {
    definitions.add(new ResourceDefinition(name, null, null, null, null, null, group, null));
    for (String n : onNodes) {
      ReplicaSpec spec = new ReplicaSpec(name, n);
      for (String peer : onNodes) {
        if (!peer.equals(n)) {
          spec.peers.put(peer, "Connected");
        }
      }
      replicas.put(name + "@" + n, spec);
    }
    return this;
  }

  ReplicaSpec replica(String resource, String node) {
    ReplicaSpec spec = replicas.get(resource + "@" + node);
    if (spec == null) {
      throw new IllegalArgumentException("no replica " + resource + " on " + node);
    }
    return spec;
  }

  /** Both replicas see the connection between them in {@code state}. */
  Fixture connection(String resource, String a, String b, String state) {
    replica(resource, a).peers.put(b, state);
    replica(resource, b).peers.put(a, state);
    return this;
  }

  Fixture offline(String node, Long evictionMillis) {
    nodes.put(node, node(node, "OFFLINE", evictionMillis, List.of()));
    return this;
  }

  ClusterSnapshot snapshot() {
    List<ResourceWithVolumes> resources = new ArrayList<>();
    for (ReplicaSpec spec : replicas.values()) {
      Node node = nodes.get(spec.node);
      resources.add(spec.build(node != null && node.online()));
    }
    return new ClusterSnapshot(
        List.copyOf(nodes.values()), pools, resources, definitions, groups, backups);
  }

  List<Finding> findings() {
    return HealthRules.evaluate(snapshot(), new RuleSettings(90, NOW));
  }

  // ---------------------------------------------------------------- single records

  static Node node(String name, String status, Long evictionMillis, List<String> flags) {
    return new Node(
        name,
        "SATELLITE",
        flags,
        Map.of(),
        List.of(),
        status,
        "uuid-" + name,
        List.of(),
        List.of(),
        Map.of(),
        Map.of(),
        evictionMillis,
        "LINUX",
        null);
  }

  static StoragePool pool(
      String node, String name, long freeKib, long totalKib, ApiCallRc... reports) {
    return new StoragePool(
        name,
        node,
        "FILE_THIN",
        Map.of(),
        Map.of("Provisioning", "Thin"),
        freeKib,
        totalKib,
        node + ";" + name,
        "uuid",
        List.of(reports),
        true,
        null,
        false);
  }

  static StoragePool disklessPool(String node) {
    return new StoragePool(
        "DfltDisklessStorPool",
        node,
        "DISKLESS",
        Map.of(),
        Map.of(),
        Long.MAX_VALUE,
        Long.MAX_VALUE,
        null,
        "uuid",
        List.of(),
        false,
        null,
        false);
  }

  static ResourceGroup group(String name, Integer placeCount) {
    return new ResourceGroup(
        name, null, Map.of(), SelectFilter.builder().placeCount(placeCount).build(), "uuid", null);
  }

  /** One replica as the test wants it; {@link #build} makes the record LINSTOR would send. */
  static final class ReplicaSpec {
    final String resource;
    final String node;
    final List<String> flags = new ArrayList<>();
    final Map<String, String> peers = new LinkedHashMap<>();
    final List<String> diskStates = new ArrayList<>(List.of("UpToDate"));
    Boolean inUse = false;
    Boolean mayPromote = true;
    boolean drbd = true;
    boolean stateReported = true;

    ReplicaSpec(String resource, String node) {
      this.resource = resource;
      this.node = node;
    }

    ReplicaSpec disk(String... states) {
      diskStates.clear();
      diskStates.addAll(List.of(states));
      return this;
    }

    ReplicaSpec flags(String... values) {
      flags.addAll(List.of(values));
      return this;
    }

    ReplicaSpec mayPromote(Boolean value) {
      mayPromote = value;
      return this;
    }

    ResourceWithVolumes build(boolean online) {
      boolean nodeOnline = online && stateReported;
      List<Volume> volumes = new ArrayList<>();
      for (int i = 0; i < diskStates.size(); i++) {
        VolumeState state = nodeOnline ? new VolumeState(diskStates.get(i), null) : null;
        volumes.add(
            new Volume(
                i,
                "sp1",
                "FILE_THIN",
                "/dev/drbd100" + i,
                0L,
                null,
                Map.of(),
                List.of(),
                state,
                List.of(),
                "uuid",
                List.of()));
      }
      LayerObject storage =
          new LayerObject(null, "", "STORAGE", null, null, null, null, null, null, null);
      LayerObject top = storage;
      if (drbd) {
        Map<String, DrbdConnection> connections = null;
        if (nodeOnline) {
          connections = new LinkedHashMap<>();
          for (Map.Entry<String, String> p : peers.entrySet()) {
            connections.put(
                p.getKey(), new DrbdConnection("Connected".equals(p.getValue()), p.getValue()));
          }
        }
        DrbdResource layer =
            new DrbdResource(
                null,
                0,
                List.of(7000),
                7,
                1,
                32L,
                List.of(),
                List.of(),
                connections,
                nodeOnline ? 10102 : null,
                nodeOnline ? mayPromote : null);
        top =
            new LayerObject(
                List.of(storage), "", "DRBD", layer, null, null, null, null, null, null);
      }
      return new ResourceWithVolumes(
          resource,
          node,
          Map.of(),
          flags,
          top,
          nodeOnline ? new ResourceState(inUse) : null,
          "uuid",
          0L,
          volumes,
          null);
    }
  }
}
