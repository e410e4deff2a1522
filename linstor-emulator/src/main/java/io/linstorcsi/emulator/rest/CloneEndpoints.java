package io.linstorcsi.emulator.rest;

import io.linstorcsi.emulator.drbd.DrbdView;
import io.linstorcsi.emulator.rc.ApiException;
import io.linstorcsi.emulator.rc.Rc;
import io.linstorcsi.emulator.rc.RetCode;
import io.linstorcsi.emulator.server.Call;
import io.linstorcsi.emulator.server.Reply;
import io.linstorcsi.emulator.server.Router;
import io.linstorcsi.emulator.state.AutoQuorum;
import io.linstorcsi.emulator.state.Deployer;
import io.linstorcsi.emulator.state.Names;
import io.linstorcsi.emulator.state.Resource;
import io.linstorcsi.emulator.state.ResourceDefinition;
import io.linstorcsi.emulator.state.ResourceGroup;
import io.linstorcsi.emulator.state.Resources;
import io.linstorcsi.emulator.state.StoragePool;
import io.linstorcsi.emulator.state.Volume;
import io.linstorcsi.emulator.state.VolumeDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cloning a resource definition with its data. Providers without clone support (FILE, FILE_THIN)
 * refuse, as recorded; replies keep the ResourceDefinitionCloneStarted shape even for errors
 * (recorded).
 */
final class CloneEndpoints {
  /** Lineage origin of the copies a clone makes; status tells them from replicas added later. */
  private static final String CLONE_LINEAGE = "clone:";

  private static final String CONNECTED = "Connected";

  private final Api api;
  private final ResourceOps ops;

  CloneEndpoints(Api api, ResourceOps ops) {
    this.api = api;
    this.ops = ops;
  }

  void register(Router router) {
    router.add("POST", "/v1/resource-definitions/{resource}/clone", this::clone);
    router.add("GET", "/v1/resource-definitions/{resource}/clone/{resourceClone}", this::status);
  }

  private Reply clone(Call call) {
    In.ResourceDefinitionCloneRequest body = call.body(In.ResourceDefinitionCloneRequest.class);
    String source = call.param("resource");
    return api.cluster.locked(
        () -> {
          ResourceDefinition src = api.cluster.resourceDefinitions().get(source);
          if (src == null) {
            throw new ApiException(Lookup.rdNotFound(0, source).build());
          }
          String name = body.name();
          if ((name == null || name.isEmpty()) && body.externalName() != null) {
            name = DefinitionFactory.nameFromExternal(body.externalName());
          }
          String reported = name == null || name.isEmpty() ? "__invalid_name__" : name;
          List<Rc> messages = new ArrayList<>();
          try {
            clone(src, name, body, messages);
          } catch (ApiException e) {
            return started(500, source, reported, e.reply());
          }
          return started(201, source, reported, messages);
        });
  }

  private static Reply started(int status, String source, String clone, List<Rc> messages) {
    return new Reply(
        status,
        new Out.CloneStarted(
            "/v1/resource-definitions/" + source + "/clone/" + clone, source, clone, messages));
  }

  private void clone(
      ResourceDefinition src, String name, In.ResourceDefinitionCloneRequest body, List<Rc> out) {
    long crt = RetCode.CRT | RetCode.RSC_DFN;
    if (name == null || name.isEmpty()) {
      throw new ApiException(
          Rc.of(
                  RetCode.error(crt, RetCode.INVLD_RSC_NAME),
                  "No name for the cloned resource was specified.")
              .build());
    }
    String invalid = Names.invalidReason(name, 2, Names.MAX_RSC_NAME);
    if (invalid != null) {
      throw new ApiException(
          Rc.of(
                  RetCode.error(crt, RetCode.INVLD_RSC_NAME),
                  "The specified resource name '" + name + "' is invalid.")
              .cause(invalid)
              .details("Resource definition: " + name)
              .report(api.cluster.newReportId())
              .ref("RscDfn", name)
              .build());
    }
    for (Resource rsc : src.diskfulResources()) {
      StoragePool pool = Resources.poolOf(rsc);
      if (pool != null && !pool.kind().supportsClone()) {
        throw new ApiException(
            Rc.of(
                    RetCode.error(crt, RetCode.INVLD_PROVIDER),
                    "Clone source contains unsupported storage pools")
                .details("Resource definition: " + name)
                .report(api.cluster.newReportId())
                .ref("RscDfn", name)
                .build());
      }
    }
    if (api.cluster.resourceDefinitions().containsKey(name)) {
      throw new ApiException(
          Rc.of(
                  RetCode.error(crt, RetCode.EXISTS_RSC_DFN),
                  "A resource definition with the name '" + name + "' already exists")
              .cause("The ResourceDefinition already exists")
              .details("Resource definition: " + name)
              .ref("RscDfn", name)
              .build());
    }
    ResourceGroup group = src.group();
    if (body.resourceGroup() != null && !body.resourceGroup().isEmpty()) {
      group = api.cluster.resourceGroups().get(body.resourceGroup());
      if (group == null) {
        throw new ApiException(
            Lookup.rgNotFound(crt, body.resourceGroup())
                .details("Resource definition: " + name)
                .ref("RscDfn", name)
                .build());
      }
    }
    List<String> layers =
        body.layerList() != null && !body.layerList().isEmpty()
            ? ops.layers(src, body.layerList())
            : List.copyOf(src.layerStack());
    PropsChange.validate(
        api.cluster,
        body.overrideProps(),
        new PropsChange.Target(
            crt, crt, crt, "Resource definition: " + name, Map.of("RscDfn", name)));
    ResourceDefinition rd =
        DefinitionFactory.newDefinition(api.cluster, name, body.externalName(), group, layers);
    rd.props().putAll(src.props());
    rd.props().put(ResourceDefinition.PROP_CLONED_FROM, src.name());
    if (body.overrideProps() != null) {
      rd.props().putAll(body.overrideProps());
    }
    if (body.deleteProps() != null) {
      body.deleteProps().forEach(rd.props()::remove);
    }
    rd.flags().add(ResourceDefinition.FLAG_CLONING);
    out.add(
        Rc.of(
                RetCode.success(crt, RetCode.CREATED),
                "New resource definition '" + name + "' created.")
            .details("Resource definition '" + name + "' UUID is: " + rd.uuid())
            .ref("UUID", rd.uuid().toString())
            .ref("RscDfn", name)
            .build());
    for (VolumeDefinition svd : src.volumeDefinitions().values()) {
      VolumeDefinition vd =
          DefinitionFactory.newVolume(api.cluster, rd, svd.number(), svd.sizeKib());
      if (svd.backing() != null) {
        vd.setBacking(api.cluster.store().copyOf(svd.backing(), name, vd.number(), vd.sizeKib()));
      }
      out.add(
          Rc.of(
                  RetCode.success(RetCode.CRT | RetCode.VLM_DFN, RetCode.CREATED),
                  "New volume definition with number '"
                      + vd.number()
                      + "' of resource definition '"
                      + name
                      + "' created.")
              .ref("RscDfn", name)
              .ref("VlmNr", String.valueOf(vd.number()))
              .build());
    }
    List<Resource> created = new ArrayList<>();
    String lineage = api.cluster.newLineage(CLONE_LINEAGE + name);
    for (Resource srsc : src.liveResources()) {
      if (srsc.tieBreaker()) {
        continue;
      }
      Resource rsc =
          Resources.register(
              api.cluster, rd, srsc.node(), layers, srsc.diskless(), Resources.poolOf(srsc));
      rsc.props().putAll(srsc.props());
      // every replica is cloned from its node's source replica in the same step
      rsc.setRestoredLineage(lineage);
      created.add(rsc);
      out.add(
          Rc.of(
                  RetCode.success(RetCode.CRT | RetCode.RSC, RetCode.CREATED),
                  "New resource '" + name + "' on node '" + srsc.node().name() + "' registered.")
              .details(
                  "Resource '"
                      + name
                      + "' on node '"
                      + srsc.node().name()
                      + "' UUID is: "
                      + rsc.uuid())
              .ref("UUID", rsc.uuid().toString())
              .ref("RscDfn", name)
              .build());
    }
    api.cluster.satelliteRoundTrip();
    if (rd.removed()) {
      return;
    }
    for (Resource rsc : created) {
      if (!Deployer.deploy(api.cluster, rsc)) {
        continue;
      }
      ResourceOps.addDeployedVolumeProps(rd, rsc);
      for (Volume v : rsc.volumes().values()) {
        out.add(ops.volumeEntry(RetCode.CRT, rsc, v, "created", RetCode.CREATED, Map.of(), false));
      }
      out.add(
          Rc.of(
                  RetCode.success(RetCode.CRT | RetCode.RSC, RetCode.MODIFIED),
                  "Created resource '" + name + "' on '" + rsc.node().name() + "'")
              .ref("RscDfn", name)
              .build());
    }
    out.addAll(AutoQuorum.apply(api.cluster, rd));
    rd.flags().remove(ResourceDefinition.FLAG_CLONING);
  }

  /**
   * The clone's progress (linstor-server CtrlApiCallHandler.isCloneReady): FAILED when flagged so
   * or a node is offline, CLONING while the definition is flagged CLONING or a DRBD replica is not
   * UpToDate yet.
   */
  private Reply status(Call call) {
    String cloneName = call.param("resourceClone");
    return api.cluster.locked(
        () -> {
          ResourceDefinition rd = api.cluster.resourceDefinitions().get(cloneName);
          if (rd == null || !rd.props().containsKey(ResourceDefinition.PROP_CLONED_FROM)) {
            throw new ApiException(
                Rc.of(RetCode.error(0, RetCode.NOT_FOUND_RSC_DFN), "Cloned resource not found.")
                    .build());
          }
          String status;
          boolean offline = rd.resources().values().stream().anyMatch(r -> !r.node().online());
          if (rd.flags().contains(ResourceDefinition.FLAG_FAILED) || offline) {
            status = "FAILED";
          } else if (rd.flags().contains(ResourceDefinition.FLAG_CLONING)) {
            status = "CLONING";
          } else {
            status = copiesStatus(rd);
          }
          return Reply.ok(new Out.CloneStatus(status));
        });
  }

  /**
   * linstor-server cloneCheckRscDfn: every diskful DRBD copy the clone made must be UpToDate and
   * connected to every other such copy (SatelliteResourceState.isReady); a copy connected to all
   * its peers whose data is Inconsistent or Outdated failed. Replicas added after the clone do not
   * count.
   */
  private static String copiesStatus(ResourceDefinition rd) {
    String lineagePrefix = CLONE_LINEAGE + rd.name() + "#";
    List<Resource> copies =
        rd.diskfulResources().stream()
            .filter(r -> r.hasDrbd())
            .filter(r -> r.restoredLineage() != null)
            .filter(r -> r.restoredLineage().startsWith(lineagePrefix))
            .toList();
    boolean ready = true;
    for (Resource copy : copies) {
      Map<String, String> connections = DrbdView.connections(copy);
      boolean peersConnected =
          copies.stream()
              .filter(peer -> peer != copy)
              .allMatch(peer -> CONNECTED.equals(connections.get(peer.node().name())));
      String disk = DrbdView.diskState(copy);
      if (DrbdView.UP_TO_DATE.equals(disk) && peersConnected) {
        continue;
      }
      ready = false;
      boolean allConnected =
          !connections.isEmpty() && connections.values().stream().allMatch(CONNECTED::equals);
      if (allConnected && (disk.equals("Inconsistent") || disk.equals("Outdated"))) {
        return "FAILED";
      }
    }
    return ready ? "COMPLETE" : "CLONING";
  }
}
