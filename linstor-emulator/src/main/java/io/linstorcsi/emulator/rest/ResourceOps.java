package io.linstorcsi.emulator.rest;

import io.linstorcsi.emulator.drbd.DrbdView;
import io.linstorcsi.emulator.drbd.Replication;
import io.linstorcsi.emulator.place.Autoplacer;
import io.linstorcsi.emulator.rc.ApiException;
import io.linstorcsi.emulator.rc.Rc;
import io.linstorcsi.emulator.rc.RetCode;
import io.linstorcsi.emulator.state.AutoQuorum;
import io.linstorcsi.emulator.state.Capacity;
import io.linstorcsi.emulator.state.Cluster;
import io.linstorcsi.emulator.state.Deployer;
import io.linstorcsi.emulator.state.InitialSync;
import io.linstorcsi.emulator.state.Node;
import io.linstorcsi.emulator.state.Resource;
import io.linstorcsi.emulator.state.ResourceDefinition;
import io.linstorcsi.emulator.state.Resources;
import io.linstorcsi.emulator.state.SelectFilter;
import io.linstorcsi.emulator.state.StoragePool;
import io.linstorcsi.emulator.state.Volume;
import io.linstorcsi.emulator.state.VolumeDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Creating, placing and deleting resources, with the reply entries the controller and its
 * satellites produce on the way (registration, then one round trip to the satellites, then their
 * reports).
 */
final class ResourceOps {
  private final Api api;

  ResourceOps(Api api) {
    this.api = api;
  }

  /** A resource to create on a node. */
  record Spec(Node node, StoragePool pool, boolean diskless, Map<String, String> props) {}

  private Cluster cluster() {
    return api.cluster;
  }

  List<String> defaultLayers() {
    return cluster().drbdSupported() ? List.of("DRBD", "STORAGE") : List.of("STORAGE");
  }

  /**
   * The layer stack for new resources: the request's, the definition's, the group's, or the
   * default.
   */
  List<String> layers(ResourceDefinition rd, List<String> requested) {
    if (requested != null && !requested.isEmpty()) {
      return requested.stream().map(s -> s.toUpperCase(Locale.ROOT)).toList();
    }
    if (!rd.layerStack().isEmpty()) {
      return List.copyOf(rd.layerStack());
    }
    List<String> group = rd.group().selectFilter().layerStack();
    if (group != null && !group.isEmpty()) {
      return group.stream().map(s -> s.toUpperCase(Locale.ROOT)).toList();
    }
    return defaultLayers();
  }

  void requireLayersSupported(List<String> layers, long mask, Map<String, String> refs) {
    for (String layer : layers) {
      boolean ok = layer.equals("STORAGE") || (layer.equals("DRBD") && cluster().drbdSupported());
      if (!ok) {
        throw new ApiException(
            PropsChange.withRefs(
                Rc.of(
                        RetCode.error(mask, RetCode.STLT_DOES_NOT_SUPPORT_LAYER),
                        "The satellites do not support the layer " + layer)
                    .details("Layer stack: " + layers),
                refs));
      }
    }
  }

  static long totalSizeKib(ResourceDefinition rd) {
    return rd.volumeDefinitions().values().stream().mapToLong(VolumeDefinition::sizeKib).sum();
  }

  // ------------------------------------------------------------------ creation

  /**
   * Registers the resources, lets the satellites deploy them and returns the reply entries. {@code
   * contextMask} is the object mask of the calling operation (RSC, or RSC_GRP for a spawn) and
   * {@code extraRefs} the object references it adds to every entry.
   */
  List<Rc> create(
      ResourceDefinition rd,
      List<Spec> specs,
      List<String> layers,
      Map<String, String> extraRefs,
      boolean announceProps) {
    long crt = RetCode.CRT;
    List<Rc> out = new ArrayList<>();
    List<Resource> created = new ArrayList<>();
    List<Resource> peers = new ArrayList<>(rd.liveResources());
    for (Spec spec : specs) {
      Resource rsc =
          Resources.register(
              cluster(), rd, spec.node(), layers, spec.diskless(), spec.pool(), false);
      if (spec.props() != null) {
        rsc.props().putAll(spec.props());
      }
      if (spec.diskless()) {
        // a diskless resource without a pool gets the diskless one (linstor-server
        // CtrlRscCrtApiHelper)
        rsc.props().putIfAbsent(Resources.PROP_STOR_POOL, StoragePool.DISKLESS_POOL);
      }
      created.add(rsc);
      Map<String, String> refs = refs("RscDfn", rd.name(), extraRefs);
      if (announceProps && spec.props() != null && !spec.props().isEmpty()) {
        out.add(
            withRefs(
                Rc.of(
                    RetCode.success(crt | RetCode.RSC, RetCode.CREATED),
                    "Successfully set property key(s): " + String.join(",", spec.props().keySet())),
                refs));
      }
      Map<String, String> uuidRefs = new LinkedHashMap<>();
      uuidRefs.put("UUID", rsc.uuid().toString());
      uuidRefs.putAll(refs);
      out.add(
          withRefs(
              Rc.of(
                      RetCode.success(crt | RetCode.RSC, RetCode.CREATED),
                      "New resource '"
                          + rd.name()
                          + "' on node '"
                          + spec.node().name()
                          + "' registered.")
                  .details(
                      "Resource '"
                          + rd.name()
                          + "' on node '"
                          + spec.node().name()
                          + "' UUID is: "
                          + rsc.uuid()),
              uuidRefs));
      for (Volume v : rsc.volumes().values()) {
        Map<String, String> vrefs = refs("RscDfn", rd.name(), extraRefs);
        vrefs.put("VlmNr", String.valueOf(v.number()));
        vrefs.put("Node", spec.node().name());
        out.add(
            withRefs(
                Rc.of(
                        RetCode.success(crt | RetCode.VLM, RetCode.CREATED),
                        "Volume with number '"
                            + v.number()
                            + "' on resource '"
                            + rd.name()
                            + "' on node '"
                            + spec.node().name()
                            + "' successfully registered")
                    .details("Volume UUID is: " + v.uuid()),
                vrefs));
      }
      if (!spec.node().online()) {
        out.add(
            withRefs(
                Rc.of(
                        RetCode.warn(crt | RetCode.RSC, RetCode.NOT_CONNECTED),
                        Messages.notConnected(spec.node().name()))
                    .details(Messages.NOT_CONNECTED_DETAILS),
                refs));
      }
    }
    cluster().satelliteRoundTrip();
    out.addAll(deploy(rd, created, peers, RetCode.RSC, extraRefs));
    return out;
  }

  /** The satellites' part: new resources get their volumes, existing peers learn about them. */
  List<Rc> deploy(
      ResourceDefinition rd,
      List<Resource> created,
      List<Resource> peers,
      long contextObject,
      Map<String, String> extraRefs) {
    List<Rc> out = new ArrayList<>();
    if (rd.removed()) {
      return out;
    }
    Map<String, String> refs = refs("RscDfn", rd.name(), extraRefs);
    if (created.stream().anyMatch(r -> !r.diskless())) {
      out.addAll(DrbdEntries.pickVerifyAlgorithm(rd, RetCode.CRT | contextObject, refs));
    }
    if (!created.isEmpty()) {
      out.addAll(addPeers(rd, created, peers, contextObject, extraRefs));
    }
    for (Resource rsc : created) {
      if (!rsc.removed()) {
        out.addAll(createOnSatellite(rsc, contextObject, extraRefs));
      }
    }
    out.addAll(readyEntries(rd, created, contextObject, refs));
    if (contextObject == RetCode.RSC_GRP) {
      // a spawn answers only when the resources are ready, after the satellites re-applied them
      out.addAll(DrbdEntries.reapplied(this, RetCode.MOD, rd, extraRefs));
    }
    out.addAll(AutoQuorum.apply(cluster(), rd, RetCode.CRT | contextObject));
    return out;
  }

  /**
   * "Resource 'x' on 'n' ready" for each new DRBD replica that has access to up-to-date data and is
   * connected to every peer on an online node: LINSTOR waits for that before it answers, and only
   * when the definition has more than one replica (linstor-server 1.33.3 CtrlRscCrtApiHelper, the
   * resource-ready wait with ResourceState.isReady; recorded after the "Created resource" entries
   * of a spawn, 02-spawn-sync). A replica that does not get there within LINSTOR's wait gets a
   * warning there; here it is simply not named.
   */
  private List<Rc> readyEntries(
      ResourceDefinition rd, List<Resource> created, long contextObject, Map<String, String> refs) {
    List<Rc> out = new ArrayList<>();
    if (rd.resources().size() < 2) {
      return out;
    }
    for (Resource rsc : created) {
      if (rsc.removed()
          || !rsc.hasDrbd()
          || !rsc.node().online()
          || !rsc.deployed()
          || !DrbdView.ioPossible(rsc)) {
        continue;
      }
      boolean connected =
          rd.resources().values().stream()
              .filter(p -> p != rsc && !p.removed() && p.hasDrbd() && p.node().online())
              .allMatch(p -> Replication.connected(rsc, p));
      if (connected) {
        out.add(
            withRefs(
                Rc.of(
                    RetCode.success(RetCode.CRT | contextObject, RetCode.CREATED),
                    "Resource '" + rd.name() + "' on '" + rsc.node().name() + "' ready"),
                refs));
      }
    }
    return out;
  }

  /** Existing replicas on online nodes re-apply their resource with the new peers. */
  private List<Rc> addPeers(
      ResourceDefinition rd,
      List<Resource> created,
      List<Resource> peers,
      long contextObject,
      Map<String, String> extraRefs) {
    List<Rc> out = new ArrayList<>();
    Map<String, String> refs = refs("RscDfn", rd.name(), extraRefs);
    String names = created.stream().map(r -> r.node().name()).collect(Collectors.joining("', '"));
    for (Resource peer : peers) {
      if (peer.removed() || !peer.node().online()) {
        continue;
      }
      for (Volume v : peer.volumes().values()) {
        out.add(volumeEntry(RetCode.CRT, peer, v, "resized", RetCode.MODIFIED, extraRefs, false));
      }
      out.addAll(DrbdEntries.adjusted(RetCode.CRT, peer, refs));
      out.add(
          withRefs(
              Rc.of(
                  RetCode.success(RetCode.CRT | contextObject, RetCode.MODIFIED),
                  "Added peer(s) '"
                      + names
                      + "' to resource '"
                      + rd.name()
                      + "' on '"
                      + peer.node().name()
                      + "'"),
              refs));
    }
    return out;
  }

  /** A new replica's satellite creates its volumes (once its node is online). */
  private List<Rc> createOnSatellite(
      Resource rsc, long contextObject, Map<String, String> extraRefs) {
    List<Rc> out = new ArrayList<>();
    ResourceDefinition rd = rsc.definition();
    Map<String, String> refs = refs("RscDfn", rd.name(), extraRefs);
    if (Deployer.deploy(cluster(), rsc)) {
      addDeployedVolumeProps(rd, rsc);
      for (Volume v : rsc.volumes().values()) {
        out.add(volumeEntry(RetCode.CRT, rsc, v, "created", RetCode.CREATED, extraRefs, false));
      }
      out.addAll(DrbdEntries.adjusted(RetCode.CRT, rsc, refs));
    }
    out.add(
        withRefs(
            Rc.of(
                RetCode.success(RetCode.CRT | contextObject, RetCode.MODIFIED),
                "Created resource '" + rd.name() + "' on '" + rsc.node().name() + "'"),
            refs));
    return out;
  }

  /** Once a volume exists somewhere the satellite adds these to its definition (recorded). */
  static void addDeployedVolumeProps(ResourceDefinition rd, Resource rsc) {
    for (Volume v : rsc.volumes().values()) {
      VolumeDefinition vd = rd.volumeDefinitions().get(v.number());
      if (vd != null && !v.pool().diskless()) {
        vd.props().putIfAbsent("DrbdOptions/Disk/block-size", "512");
        vd.props()
            .putIfAbsent(
                "StorDriver/internal/AllocationGranularity",
                v.pool().props().getOrDefault("StorDriver/internal/AllocationGranularity", "1"));
        if (rsc.hasDrbd()) {
          // the DRBD layer's discard settings for the recorded FILE_THIN backing
          vd.props().putIfAbsent("DrbdOptions/Disk/discard-zeroes-if-aligned", "no");
          vd.props().putIfAbsent("DrbdOptions/Disk/rs-discard-granularity", "4096");
        }
      }
    }
  }

  /** "(node-a) Volume number 0 of resource 'x' [FILE THIN] created", as the satellites word it. */
  Rc volumeEntry(
      long op,
      Resource rsc,
      Volume v,
      String verb,
      long code,
      Map<String, String> extraRefs,
      boolean withNode) {
    Map<String, String> refs = refs("RscDfn", rsc.definition().name(), extraRefs);
    refs.put("VlmNr", String.valueOf(v.number()));
    if (withNode) {
      refs.put("Node", rsc.node().name());
    }
    return withRefs(
        Rc.of(
            RetCode.success(op | RetCode.VLM, code),
            "("
                + rsc.node().name()
                + ") Volume number "
                + v.number()
                + " of resource '"
                + rsc.definition().name()
                + "' ["
                + v.pool().kind().label()
                + "] "
                + verb),
        refs);
  }

  /** Checks that each volume fits into the chosen pool (FAIL_INVLD_VLM_SIZE otherwise). */
  void requireSpace(ResourceDefinition rd, Spec spec) {
    if (spec.diskless() || spec.pool() == null) {
      return;
    }
    for (VolumeDefinition vd : rd.volumeDefinitions().values()) {
      if (!Capacity.fits(cluster(), spec.pool(), vd.sizeKib())) {
        throw new ApiException(
            Rc.of(
                    RetCode.error(RetCode.CRT | RetCode.RSC, RetCode.INVLD_VLM_SIZE),
                    "Not enough free space available for volume "
                        + vd.number()
                        + " of resource '"
                        + rd.name()
                        + "'.")
                .details("Node(s): '" + spec.node().name() + "', Resource: '" + rd.name() + "'")
                .ref("RscDfn", rd.name())
                .build());
      }
    }
  }

  // ------------------------------------------------------------------ autoplace

  /** How an autoplace was requested, for the reply's masks, references and failure details. */
  record PlaceContext(
      long object, Map<String, String> extraRefs, String trailer, boolean disklessLine) {}

  /**
   * Places {@code placeCount} diskful replicas in total. Returns null when enough are there already
   * (the caller answers WARN_RSC_ALREADY_DEPLOYED), throws FAIL_NOT_ENOUGH_NODES when they cannot
   * be placed.
   */
  List<Rc> autoplace(
      ResourceDefinition rd,
      SelectFilter filter,
      List<String> layers,
      boolean disklessOnRemaining,
      PlaceContext ctx) {
    int placeCount = filter.placeCount() == null ? 2 : filter.placeCount();
    List<Resource> diskful = rd.diskfulResources();
    int additional =
        filter.additionalPlaceCount() != null
            ? filter.additionalPlaceCount()
            : placeCount - diskful.size();
    if (additional <= 0) {
      return null;
    }
    long size = totalSizeKib(rd);
    List<Autoplacer.Choice> chosen =
        Autoplacer.place(cluster(), rd, filter, layers, additional, size);
    if (chosen == null) {
      throw new ApiException(
          withRefs(
              Rc.of(
                      RetCode.error(RetCode.CRT | ctx.object(), RetCode.NOT_ENOUGH_NODES),
                      "Not enough available nodes")
                  .details(
                      notEnoughNodesDetails(
                          rd,
                          filter,
                          layers,
                          placeCount,
                          additional,
                          size,
                          disklessOnRemaining,
                          ctx)),
              refs("RscDfn", rd.name(), ctx.extraRefs())));
    }
    List<Rc> out = new ArrayList<>();
    List<Resource> peers = new ArrayList<>(rd.liveResources());
    List<Resource> created = new ArrayList<>();
    Map<String, String> baseRefs = refs("RscDfn", rd.name(), ctx.extraRefs());
    List<Rc> disksAdded = new ArrayList<>();
    for (Autoplacer.Choice choice : chosen) {
      Resource diskless = rd.resources().get(choice.node().name());
      if (diskless != null) {
        disksAdded.addAll(addDisk(diskless, choice.pool()));
        continue;
      }
      Resource rsc = Resources.register(cluster(), rd, choice.node(), layers, false, choice.pool());
      created.add(rsc);
      out.add(
          withRefs(
              Rc.of(
                  RetCode.success(RetCode.CRT | RetCode.RSC, RetCode.CREATED),
                  "Successfully set property key(s): " + Resources.PROP_STOR_POOL),
              baseRefs));
    }
    Map<String, String> placedRefs = new LinkedHashMap<>();
    StringBuilder used = new StringBuilder();
    for (int i = 0; i < chosen.size(); i++) {
      Autoplacer.Choice c = chosen.get(i);
      placedRefs.put("Node/" + i, c.node().name());
      placedRefs.put("StoragePool/" + i + "/0", c.pool().name() + "," + c.pool().kind().name());
      used.append(i == 0 ? "" : ", ")
          .append("'")
          .append(c.node().name())
          .append(" (")
          .append(c.pool().name())
          .append(")'");
    }
    placedRefs.putAll(baseRefs);
    out.add(
        withRefs(
            Rc.of(
                    RetCode.success(RetCode.CRT | ctx.object(), RetCode.CREATED),
                    "Resource '"
                        + rd.name()
                        + "' successfully autoplaced on "
                        + chosen.size()
                        + " nodes")
                .details("Used nodes (storage pool name): " + used),
            placedRefs));
    if (disklessOnRemaining && layers.contains("DRBD")) {
      for (Node node : cluster().nodes().values()) {
        if (node.online()
            && !rd.resources().containsKey(node.name())
            && node.pools().containsKey(StoragePool.DISKLESS_POOL)) {
          created.add(Resources.register(cluster(), rd, node, layers, true));
        }
      }
    }
    out.addAll(disksAdded);
    cluster().satelliteRoundTrip();
    out.addAll(deploy(rd, created, peers, ctx.object(), ctx.extraRefs()));
    return out;
  }

  Rc alreadyDeployed(ResourceDefinition rd, long object, Map<String, String> extraRefs) {
    List<Resource> diskful = rd.diskfulResources();
    String nodes =
        diskful.stream().map(r -> "'" + r.node().name() + "'").collect(Collectors.joining(", "));
    return withRefs(
        Rc.of(
                RetCode.warn(RetCode.CRT | object, RetCode.RSC_ALREADY_DEPLOYED),
                "Resource '"
                    + rd.name()
                    + "' was already deployed on "
                    + diskful.size()
                    + " nodes. Skipping.")
            .details("Used nodes: " + nodes + "\nAuto-placing resource: " + rd.name()),
        refs("RscDfn", rd.name(), extraRefs));
  }

  private static String notEnoughNodesDetails(
      ResourceDefinition rd,
      SelectFilter filter,
      List<String> layers,
      int placeCount,
      int additional,
      long size,
      boolean disklessOnRemaining,
      PlaceContext ctx) {
    StringBuilder d =
        new StringBuilder("Not enough nodes fulfilling the following auto-place criteria:\n");
    if (filter.storagePoolList() != null && !filter.storagePoolList().isEmpty()) {
      d.append(" * has a deployed storage pool named ")
          .append(filter.storagePoolList())
          .append('\n');
    }
    d.append(" * the storage pools have to have at least '").append(size).append("' free space\n");
    d.append(
        " * the current access context has enough privileges to use the node and the storage pool\n");
    d.append(" * the node is online\n");
    d.append("\nAuto-place configuration details:\n");
    d.append("   Replica count: ").append(placeCount).append('\n');
    d.append("   Additional replica count: ").append(additional).append('\n');
    if (filter.nodeNameList() != null && !filter.nodeNameList().isEmpty()) {
      d.append("   Node name:\n");
      filter.nodeNameList().forEach(n -> d.append("      ").append(n).append('\n'));
    }
    if (filter.storagePoolList() != null && !filter.storagePoolList().isEmpty()) {
      d.append("   Storage pool name:\n");
      filter.storagePoolList().forEach(n -> d.append("      ").append(n).append('\n'));
    }
    d.append("   Do not place with resource:\n");
    d.append("      ").append(rd.name()).append('\n');
    if (filter.notPlaceWithRsc() != null) {
      filter.notPlaceWithRsc().forEach(n -> d.append("      ").append(n).append('\n'));
    }
    if (filter.notPlaceWithRscRegex() != null) {
      d.append("   Do not place with resource (regex): ")
          .append(filter.notPlaceWithRscRegex())
          .append('\n');
    }
    if (filter.replicasOnSame() != null && !filter.replicasOnSame().isEmpty()) {
      d.append("   Replicas on same nodes: ").append(filter.replicasOnSame()).append('\n');
    }
    if (filter.replicasOnDifferent() != null && !filter.replicasOnDifferent().isEmpty()) {
      d.append("   Replicas on different nodes: ")
          .append(filter.replicasOnDifferent())
          .append('\n');
    }
    d.append("   Layer stack:\n");
    layers.forEach(l -> d.append("      ").append(l).append('\n'));
    if (ctx.disklessLine()) {
      d.append("   Diskless on remaining: ").append(disklessOnRemaining).append('\n');
    }
    d.append('\n').append(ctx.trailer());
    return d.toString();
  }

  // ------------------------------------------------------------------ deletion

  /**
   * Deletes one resource. On an offline node it stays, flagged DELETE, until the node comes back
   * (recorded).
   */
  List<Rc> delete(Resource rsc) {
    ResourceDefinition rd = rsc.definition();
    String node = rsc.node().name();
    long del = RetCode.DEL;
    Map<String, String> refs = refs("RscDfn", rd.name(), Map.of("Node", node));
    if (rsc.hasDrbd() && DrbdView.inUse(cluster(), rsc)) {
      throw new ApiException(
          withRefs(
              Rc.of(
                      RetCode.error(del | RetCode.RSC, RetCode.IN_USE),
                      "Resource '" + rd.name() + "' is still in use.")
                  .cause("Resource is mounted/in use.")
                  .correction("Un-mount resource '" + rd.name() + "' on the node '" + node + "'."),
              refs));
    }
    if (rsc.hasDrbd() && !rsc.diskless()) {
      long otherDiskful = rd.diskfulResources().stream().filter(r -> r != rsc).count();
      boolean disklessAttached =
          rd.liveResources().stream().anyMatch(r -> r.diskless() && !r.tieBreaker());
      if (otherDiskful == 0 && disklessAttached) {
        throw new ApiException(
            withRefs(
                Rc.of(
                        RetCode.error(del | RetCode.RSC, RetCode.IN_USE),
                        "Last resource of '"
                            + rd.name()
                            + "' with disk still has diskless resources attached.")
                    .cause("Resource still has diskless users.")
                    .correction(
                        "Before deleting this resource, delete the diskless resources attached to it."),
                refs));
      }
    }
    List<Rc> out = new ArrayList<>();
    out.add(
        withRefs(
            Rc.of(
                    RetCode.success(del | RetCode.RSC, RetCode.DELETED),
                    "Node: " + node + ", Resource: " + rd.name() + " marked for deletion.")
                .details("Node: " + node + ", Resource: " + rd.name() + " UUID is: " + rsc.uuid()),
            refs));
    rsc.flags().add(Resource.FLAG_DELETE);
    boolean online = rsc.node().online();
    if (!online) {
      out.add(
          withRefs(
              Rc.of(
                      RetCode.warn(del | RetCode.RSC, RetCode.NOT_CONNECTED),
                      Messages.notConnected(node))
                  .details(Messages.NOT_CONNECTED_DETAILS),
              refs));
    }
    cluster().satelliteRoundTrip();
    if (rsc.removed()) {
      return out;
    }
    for (Resource peer : rd.liveResources()) {
      if (peer == rsc || !peer.node().online()) {
        continue;
      }
      for (Volume v : peer.volumes().values()) {
        out.add(volumeEntry(del, peer, v, "resized", RetCode.MODIFIED, Map.of("Node", node), true));
      }
      out.add(
          withRefs(
              Rc.of(
                  RetCode.success(del | RetCode.RSC, RetCode.MODIFIED),
                  "Notified '"
                      + peer.node().name()
                      + "' that '"
                      + rd.name()
                      + "' is being cleaned up on Node(s): ["
                      + node
                      + "]"),
              refs));
    }
    if (online) {
      out.addAll(DrbdEntries.deleted(del, rsc, refs));
      for (Volume v : rsc.volumes().values()) {
        if (rsc.hasDrbd() && v.pool().diskless()) {
          continue; // a diskless DRBD client has no storage volume to delete (recorded)
        }
        out.add(volumeEntry(del, rsc, v, "deleted", RetCode.DELETED, Map.of("Node", node), true));
      }
      out.add(
          withRefs(
              Rc.of(
                  RetCode.success(del | RetCode.RSC, RetCode.MODIFIED),
                  "Cleaning up '" + rd.name() + "' on '" + node + "'"),
              refs));
      Deployer.remove(cluster(), rsc);
      out.add(
          withRefs(
              Rc.of(
                      RetCode.success(del | RetCode.RSC, RetCode.DELETED),
                      "Node: " + node + ", Resource: " + rd.name() + " deletion complete.")
                  .details(
                      "Node: " + node + ", Resource: " + rd.name() + " UUID was: " + rsc.uuid()),
              refs));
    }
    out.addAll(AutoQuorum.apply(cluster(), rd));
    return out;
  }

  /**
   * The pool for a diskful resource that names none: the first pool of the group's filter the node
   * has, else the node's pool with the most free space.
   */
  StoragePool defaultPool(ResourceDefinition rd, Node node) {
    List<String> wanted = rd.group().selectFilter().storagePoolList();
    if (wanted != null) {
      for (String name : wanted) {
        StoragePool pool = node.pools().get(name);
        if (pool != null && !pool.diskless()) {
          return pool;
        }
      }
    }
    return node.pools().values().stream()
        .filter(p -> !p.diskless())
        .max(Comparator.comparingLong(p -> Capacity.freeKib(cluster(), p)))
        .orElse(null);
  }

  // ------------------------------------------------------------------ toggle disk

  /** Gives a diskless replica a disk in {@code pool} (toggle-disk, make-available with diskful). */
  List<Rc> addDisk(Resource rsc, StoragePool pool) {
    ResourceDefinition rd = rsc.definition();
    String node = rsc.node().name();
    Map<String, String> refs = refs("RscDfn", rd.name(), Map.of("Node", node));
    requireSpace(rd, new Spec(rsc.node(), pool, false, null));
    List<Rc> out = new ArrayList<>();
    out.add(
        withRefs(
            Rc.of(
                RetCode.success(RetCode.MOD | RetCode.RSC, RetCode.MODIFIED),
                "Addition of disk to resource '"
                    + rd.name()
                    + "' on node '"
                    + node
                    + "' registered"),
            refs));
    replaceVolumes(rsc, pool, false);
    cluster().satelliteRoundTrip();
    Deployer.deploy(cluster(), rsc);
    InitialSync.onNewMetadata(cluster(), rsc); // the new disk gets new DRBD metadata
    addDeployedVolumeProps(rd, rsc);
    for (Volume v : rsc.volumes().values()) {
      out.add(
          volumeEntry(RetCode.MOD, rsc, v, "created", RetCode.CREATED, Map.of("Node", node), true));
    }
    out.add(
        withRefs(
            Rc.of(
                RetCode.success(RetCode.MOD | RetCode.RSC, RetCode.MODIFIED),
                "Added disk on '" + node + "'"),
            refs));
    out.addAll(AutoQuorum.apply(cluster(), rd));
    return out;
  }

  /**
   * Takes the disk of a DRBD replica away; it stays as a diskless client of its peers. The last
   * online disk and replicas without DRBD keep theirs (linstor-server
   * CtrlRscToggleDiskApiCallHandler).
   */
  List<Rc> removeDisk(Resource rsc) {
    ResourceDefinition rd = rsc.definition();
    String node = rsc.node().name();
    Map<String, String> refs = refs("RscDfn", rd.name(), Map.of("Node", node));
    long onlineDisks = rd.diskfulResources().stream().filter(r -> r.node().online()).count();
    if (onlineDisks <= 1) {
      throw new ApiException(
          withRefs(
              Rc.of(
                  RetCode.error(RetCode.MOD | RetCode.RSC, RetCode.INSUFFICIENT_REPLICA_COUNT),
                  "Cannot remove the disk from the only online resource with a disk"),
              refs));
    }
    if (!rsc.hasDrbd()) {
      throw new ApiException(
          withRefs(
              Rc.of(
                  RetCode.error(RetCode.MOD | RetCode.RSC, RetCode.INVLD_LAYER_STACK),
                  "Toggle disk is only supported in combination with DRBD"),
              refs));
    }
    List<Rc> out = new ArrayList<>();
    out.add(
        withRefs(
            Rc.of(
                RetCode.success(RetCode.MOD | RetCode.RSC, RetCode.MODIFIED),
                "Removal of disk from resource '"
                    + rd.name()
                    + "' on node '"
                    + node
                    + "' registered"),
            refs));
    cluster().satelliteRoundTrip();
    for (Volume v : rsc.volumes().values()) {
      out.add(
          volumeEntry(RetCode.MOD, rsc, v, "deleted", RetCode.DELETED, Map.of("Node", node), true));
    }
    replaceVolumes(rsc, rsc.node().pools().get(StoragePool.DISKLESS_POOL), true);
    // a diskless client keeps no data of its own, so no resync into it either
    rsc.setResync(null);
    rsc.setLineage(null);
    rsc.setOutOfSyncKib(0);
    Deployer.deploy(cluster(), rsc);
    out.add(
        withRefs(
            Rc.of(
                RetCode.success(RetCode.MOD | RetCode.RSC, RetCode.MODIFIED),
                "Removed disk on '" + node + "'"),
            refs));
    out.addAll(AutoQuorum.apply(cluster(), rd));
    return out;
  }

  private void replaceVolumes(Resource rsc, StoragePool pool, boolean diskless) {
    ResourceDefinition rd = rsc.definition();
    for (Volume v : List.copyOf(rsc.volumes().values())) {
      Deployer.removeVolume(cluster(), rsc, rd.volumeDefinitions().get(v.number()));
    }
    rsc.flags().remove(Resource.FLAG_TIE_BREAKER);
    if (diskless) {
      rsc.flags().add(Resource.FLAG_DISKLESS);
      rsc.flags().add(Resource.FLAG_DRBD_DISKLESS);
    } else {
      rsc.flags().remove(Resource.FLAG_DISKLESS);
      rsc.flags().remove(Resource.FLAG_DRBD_DISKLESS);
    }
    rsc.setPool(pool);
    rsc.props().put(Resources.PROP_STOR_POOL, pool.name());
    Deployer.addMissingVolumes(rsc, pool);
  }

  // ------------------------------------------------------------------ helpers

  static Map<String, String> refs(String key, String value, Map<String, String> extra) {
    Map<String, String> refs = new LinkedHashMap<>();
    refs.put(key, value);
    if (extra != null) {
      refs.putAll(extra);
    }
    return refs;
  }

  static Rc withRefs(Rc.Builder builder, Map<String, String> refs) {
    return PropsChange.withRefs(builder, refs);
  }
}
