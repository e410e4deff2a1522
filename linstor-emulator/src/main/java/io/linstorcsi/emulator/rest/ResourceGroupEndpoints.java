package io.linstorcsi.emulator.rest;

import io.linstorcsi.emulator.rc.ApiException;
import io.linstorcsi.emulator.rc.Rc;
import io.linstorcsi.emulator.rc.RetCode;
import io.linstorcsi.emulator.server.Call;
import io.linstorcsi.emulator.server.Reply;
import io.linstorcsi.emulator.server.Router;
import io.linstorcsi.emulator.state.Deployer;
import io.linstorcsi.emulator.state.Names;
import io.linstorcsi.emulator.state.ResourceDefinition;
import io.linstorcsi.emulator.state.ResourceGroup;
import io.linstorcsi.emulator.state.SelectFilter;
import io.linstorcsi.emulator.state.VolumeGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Resource groups, their volume groups, and spawning definitions from them. */
final class ResourceGroupEndpoints {
  private final Api api;
  private final ResourceOps ops;

  ResourceGroupEndpoints(Api api, ResourceOps ops) {
    this.api = api;
    this.ops = ops;
  }

  void register(Router router) {
    router.add("GET", "/v1/resource-groups", this::list);
    router.add("POST", "/v1/resource-groups", this::create);
    router.add("GET", "/v1/resource-groups/{resource_group}", this::get);
    router.add("PUT", "/v1/resource-groups/{resource_group}", this::modify);
    router.add("DELETE", "/v1/resource-groups/{resource_group}", this::delete);
    router.add("GET", "/v1/resource-groups/{resource_group}/volume-groups", this::listVolumeGroups);
    router.add(
        "POST", "/v1/resource-groups/{resource_group}/volume-groups", this::createVolumeGroup);
    router.add(
        "GET",
        "/v1/resource-groups/{resource_group}/volume-groups/{volume_number}",
        this::getVolumeGroup);
    router.add(
        "PUT",
        "/v1/resource-groups/{resource_group}/volume-groups/{volume_number}",
        this::modifyVolumeGroup);
    router.add(
        "DELETE",
        "/v1/resource-groups/{resource_group}/volume-groups/{volume_number}",
        this::deleteVolumeGroup);
    router.add("POST", "/v1/resource-groups/{resource_group}/spawn", this::spawn);
  }

  private Reply list(Call call) {
    List<String> names = call.queryAll("resource_groups");
    List<String> props = call.queryAll("props");
    return api.cluster.locked(
        () -> {
          List<Out.ResourceGroup> out = new ArrayList<>();
          for (ResourceGroup rg : api.cluster.resourceGroups().values()) {
            if (Api.nameIn(names, rg.name()) && Api.propsMatch(rg.props(), props)) {
              out.add(api.views.resourceGroup(rg));
            }
          }
          return Reply.ok(Api.page(out, call));
        });
  }

  private Reply get(Call call) {
    return api.cluster.locked(
        () ->
            Reply.ok(
                api.views.resourceGroup(
                    Lookup.rgForGet(api.cluster, call.param("resource_group")))));
  }

  private Reply create(Call call) {
    In.ResourceGroup body = call.syncBody(In.ResourceGroup.class, api.cluster::newReportId);
    return api.cluster.locked(
        () -> {
          long crt = RetCode.CRT | RetCode.RSC_GRP;
          String name = body.name();
          String invalid = Names.invalidReason(name, 2, Names.MAX_RSC_NAME);
          if (invalid != null) {
            throw new ApiException(
                Rc.of(
                        RetCode.error(crt, RetCode.INVLD_RSC_GRP_NAME),
                        "The specified resource group name '" + name + "' is invalid.")
                    .cause(invalid)
                    .details("Resource group: " + name)
                    .report(api.cluster.newReportId())
                    .ref("RscGrp", String.valueOf(name))
                    .build());
          }
          if (api.cluster.resourceGroups().containsKey(name)) {
            throw new ApiException(
                Rc.of(
                        RetCode.error(crt, RetCode.EXISTS_RSC_GRP),
                        "A Resource group: " + name + " already exists.")
                    .cause("The ResourceGroup already exists")
                    .details("Resource group: " + name)
                    .ref("RscGrp", name)
                    .build());
          }
          PropsChange.validate(
              api.cluster,
              body.props(),
              new PropsChange.Target(
                  crt, crt, crt, "Resource group: " + name, Map.of("RscGrp", name)));
          ResourceGroup rg = new ResourceGroup(name);
          rg.setDescription(body.description());
          rg.setSelectFilter(Filters.of(body.selectFilter()));
          rg.setPeerSlots(body.peerSlots());
          List<Rc> out = new ArrayList<>();
          if (body.props() != null && !body.props().isEmpty()) {
            rg.props().putAll(body.props());
            out.add(
                Rc.of(
                        RetCode.success(RetCode.CRT | RetCode.RSC_DFN, RetCode.CREATED),
                        "Successfully set property key(s): "
                            + String.join(",", body.props().keySet()))
                    .ref("RscGrp", name)
                    .build());
          }
          api.cluster.resourceGroups().put(name, rg);
          out.add(
              Rc.of(
                      RetCode.success(crt, RetCode.CREATED),
                      "New resource group '" + name + "' created.")
                  .details("Resource group '" + name + "' UUID is: " + rg.uuid())
                  .ref("UUID", rg.uuid().toString())
                  .ref("RscGrp", name)
                  .build());
          return Reply.rc(out, 201);
        });
  }

  /**
   * A missing group in a write: the controller reports it with the CRT mask whatever the operation.
   */
  private ResourceGroup requireGroup(String name, Map<String, String> extraRefs) {
    ResourceGroup rg = api.cluster.resourceGroups().get(name);
    if (rg == null) {
      Rc.Builder rc =
          Lookup.rgNotFound(RetCode.CRT | RetCode.RSC_GRP, name).details("Resource group: " + name);
      extraRefs.forEach(rc::ref);
      rc.ref("RscGrp", name);
      throw new ApiException(rc.build());
    }
    return rg;
  }

  private Reply modify(Call call) {
    In.ResourceGroupModify body = call.body(In.ResourceGroupModify.class);
    String name = call.param("resource_group");
    return api.cluster.locked(
        () -> {
          ResourceGroup rg = requireGroup(name, Map.of());
          long crt = RetCode.CRT | RetCode.RSC_GRP;
          // recorded: the property entry of a group carries the resource definition mask
          List<Rc> out =
              PropsChange.apply(
                  api.cluster,
                  rg.props(),
                  body.overrideProps(),
                  body.deleteProps(),
                  body.deleteNamespaces(),
                  new PropsChange.Target(
                      RetCode.CRT | RetCode.RSC_DFN,
                      RetCode.DEL | RetCode.RSC_DFN,
                      RetCode.MOD | RetCode.RSC_GRP,
                      "Resource group: " + rg.name(),
                      PropsChange.refs("RscGrp", rg.name())));
          if (body.description() != null) {
            rg.setDescription(body.description());
          }
          if (body.selectFilter() != null) {
            rg.setSelectFilter(rg.selectFilter().overlay(Filters.of(body.selectFilter())));
          }
          if (body.peerSlots() != null) {
            rg.setPeerSlots(body.peerSlots());
          }
          out.add(
              Rc.of(
                      RetCode.success(crt, RetCode.MODIFIED),
                      "Resource group '" + rg.name() + "' modified.")
                  .details("Resource group '" + rg.name() + "' UUID is: " + rg.uuid())
                  .ref("UUID", rg.uuid().toString())
                  .ref("RscGrp", rg.name())
                  .build());
          return Reply.rc(out, 200);
        });
  }

  private Reply delete(Call call) {
    String name = call.param("resource_group");
    return api.cluster.locked(
        () -> {
          long crt = RetCode.CRT | RetCode.RSC_GRP;
          ResourceGroup rg = api.cluster.resourceGroups().get(name);
          if (rg == null) {
            return Reply.rc(
                List.of(
                    Rc.of(
                            RetCode.warn(crt, RetCode.NOT_FOUND),
                            "Resource group: " + name + " not found.")
                        .details("Resource group: " + name)
                        .ref("RscGrp", name)
                        .build()),
                200);
          }
          boolean used =
              rg.name().equals(ResourceGroup.DEFAULT)
                  || api.cluster.resourceDefinitions().values().stream()
                      .anyMatch(rd -> rd.group() == rg);
          if (used) {
            throw new ApiException(
                Rc.of(
                        RetCode.error(crt, RetCode.EXISTS_RSC_DFN),
                        "Cannot delete resource group '"
                            + rg.name()
                            + "' because it has existing resource definitions.")
                    .details("Resource group: " + rg.name())
                    .ref("RscGrp", rg.name())
                    .build());
          }
          api.cluster.resourceGroups().remove(rg.name());
          return Reply.rc(
              List.of(
                  Rc.of(
                          RetCode.success(crt, RetCode.DELETED),
                          "Resource group '" + rg.name() + "' deleted.")
                      .details("Resource group '" + rg.name() + "' UUID was: " + rg.uuid())
                      .ref("UUID", rg.uuid().toString())
                      .ref("RscGrp", rg.name())
                      .build()),
              200);
        });
  }

  // ------------------------------------------------------------------ volume groups

  private Reply listVolumeGroups(Call call) {
    return api.cluster.locked(
        () -> {
          ResourceGroup rg = Lookup.rgForGet(api.cluster, call.param("resource_group"));
          return Reply.ok(rg.volumeGroups().values().stream().map(Views::volumeGroup).toList());
        });
  }

  private VolumeGroup findVolumeGroup(ResourceGroup rg, String number) {
    try {
      return rg.volumeGroups().get(Integer.parseInt(number));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private Reply getVolumeGroup(Call call) {
    return api.cluster.locked(
        () -> {
          ResourceGroup rg = Lookup.rgForGet(api.cluster, call.param("resource_group"));
          String number = call.param("volume_number");
          VolumeGroup vg = findVolumeGroup(rg, number);
          if (vg == null) {
            throw new ApiException(
                Rc.of(
                        RetCode.error(0, RetCode.NOT_FOUND_VLM_GRP),
                        "Volume group with number '" + number + "' not found.")
                    .build());
          }
          return Reply.ok(Views.volumeGroup(vg));
        });
  }

  private Reply createVolumeGroup(Call call) {
    In.VolumeGroup body = call.syncBody(In.VolumeGroup.class, api.cluster::newReportId);
    String name = call.param("resource_group");
    return api.cluster.locked(
        () -> {
          ResourceGroup rg = requireGroup(name, Map.of());
          int number = body.volumeNumber() != null ? body.volumeNumber() : nextVolumeGroup(rg);
          Map<String, String> refs =
              PropsChange.refs(
                  "RscGrp", rg.name(), "VlmGrp", rg.name(), "VlmNr", String.valueOf(number));
          if (rg.volumeGroups().containsKey(number)) {
            throw new ApiException(
                PropsChange.withRefs(
                    Rc.of(
                            RetCode.error(RetCode.CRT | RetCode.VLM_DFN, RetCode.EXISTS_VLM_GRP),
                            "A volume group with the number "
                                + number
                                + " already exists in resource group '"
                                + rg.name()
                                + "'.")
                        .cause("The VolumeGroup already exists")
                        .details(
                            "Resource group: "
                                + rg.name()
                                + ", Volume number: "
                                + number
                                + "\nVolume groups for resource group '"
                                + rg.name()
                                + "'"),
                    refs));
          }
          VolumeGroup vg = new VolumeGroup(number);
          if (body.props() != null) {
            vg.props().putAll(body.props());
          }
          if (body.flags() != null) {
            vg.flags().addAll(body.flags());
          }
          rg.volumeGroups().put(number, vg);
          return Reply.rc(
              List.of(
                  PropsChange.withRefs(
                      Rc.of(
                          RetCode.success(RetCode.CRT | RetCode.VLM_GRP, RetCode.CREATED),
                          "New volume group with number '"
                              + number
                              + "' of resource group '"
                              + rg.name()
                              + "' created."),
                      refs)),
              201);
        });
  }

  private static int nextVolumeGroup(ResourceGroup rg) {
    int n = 0;
    while (rg.volumeGroups().containsKey(n)) {
      n++;
    }
    return n;
  }

  private Reply modifyVolumeGroup(Call call) {
    In.VolumeGroupModify body = call.body(In.VolumeGroupModify.class);
    return api.cluster.locked(
        () -> {
          ResourceGroup rg = requireGroup(call.param("resource_group"), Map.of());
          String number = call.param("volume_number");
          long mod = RetCode.MOD | RetCode.VLM_GRP;
          Map<String, String> refs = PropsChange.refs("RscGrp", rg.name(), "VlmNr", number);
          VolumeGroup vg = findVolumeGroup(rg, number);
          if (vg == null) {
            throw new ApiException(
                PropsChange.withRefs(
                    Rc.of(
                        RetCode.error(mod, RetCode.NOT_FOUND_VLM_GRP),
                        "Volume group with number '" + number + "' not found."),
                    refs));
          }
          List<Rc> out =
              PropsChange.apply(
                  api.cluster,
                  vg.props(),
                  body.overrideProps(),
                  body.deleteProps(),
                  body.deleteNamespaces(),
                  new PropsChange.Target(
                      RetCode.CRT | RetCode.VLM_GRP,
                      RetCode.DEL | RetCode.VLM_GRP,
                      mod,
                      "Resource group: " + rg.name() + ", Volume number: " + number,
                      refs));
          if (body.flags() != null) {
            for (String flag : body.flags()) {
              if (flag.startsWith("-")) {
                vg.flags().remove(flag.substring(1));
              } else {
                vg.flags().add(flag);
              }
            }
          }
          out.add(
              PropsChange.withRefs(
                  Rc.of(
                      RetCode.success(mod, RetCode.MODIFIED),
                      "Volume group with number '"
                          + number
                          + "' of resource group '"
                          + rg.name()
                          + "' modified."),
                  refs));
          return Reply.rc(out, 200);
        });
  }

  private Reply deleteVolumeGroup(Call call) {
    return api.cluster.locked(
        () -> {
          ResourceGroup rg = requireGroup(call.param("resource_group"), Map.of());
          String number = call.param("volume_number");
          long del = RetCode.DEL | RetCode.VLM_GRP;
          Map<String, String> refs = PropsChange.refs("RscGrp", rg.name(), "VlmNr", number);
          VolumeGroup vg = findVolumeGroup(rg, number);
          if (vg == null) {
            return Reply.rc(
                List.of(
                    PropsChange.withRefs(
                        Rc.of(
                            RetCode.warn(del, RetCode.NOT_FOUND),
                            "Volume group with number '" + number + "' not found."),
                        refs)),
                200);
          }
          rg.volumeGroups().remove(vg.number());
          return Reply.rc(
              List.of(
                  PropsChange.withRefs(
                      Rc.of(
                          RetCode.success(del, RetCode.DELETED),
                          "Volume group with number '"
                              + number
                              + "' of resource group '"
                              + rg.name()
                              + "' deleted."),
                      refs)),
              200);
        });
  }

  // ------------------------------------------------------------------ spawn

  private Reply spawn(Call call) {
    In.ResourceGroupSpawn body = call.body(In.ResourceGroupSpawn.class);
    String name = call.param("resource_group");
    return api.cluster.locked(() -> Reply.rc(spawn(name, body), 201));
  }

  private List<Rc> spawn(String groupName, In.ResourceGroupSpawn body) {
    long crt = RetCode.CRT | RetCode.RSC_GRP;
    String rdName = body.resourceDefinitionName();
    if ((rdName == null || rdName.isEmpty()) && body.resourceDefinitionExternalName() != null) {
      rdName = DefinitionFactory.nameFromExternal(body.resourceDefinitionExternalName());
    }
    String name = rdName == null ? "" : rdName;
    ResourceGroup rg = requireGroup(groupName, Map.of("RscDfn", name));
    Map<String, String> refs = PropsChange.refs("RscDfn", name, "RscGrp", rg.name());
    List<Long> sizes = body.volumeSizes() == null ? List.of() : body.volumeSizes();
    List<VolumeGroup> vgs = List.copyOf(rg.volumeGroups().values());
    List<Rc> out = new ArrayList<>();
    boolean partial = Boolean.TRUE.equals(body.partial());
    if (vgs.isEmpty() && !partial) {
      out.add(
          Rc.of(
                  RetCode.info(crt, 0),
                  "Resource-group doesn't have any volume-groups, automatically assume partial mode.")
              .build());
      partial = true;
    }
    if (sizes.size() != vgs.size() && !partial) {
      throw new ApiException(
          PropsChange.withRefs(
              Rc.of(
                      RetCode.error(crt, RetCode.INVLD_VLM_SIZES),
                      "Invalid count of volume sizes to spawn resource group '" + rg.name() + "'")
                  .details(
                      "The resource group '"
                          + rg.name()
                          + "' has "
                          + vgs.size()
                          + " Volume groups, but only "
                          + sizes.size()
                          + " sizes were provided.\nResource group: "
                          + rg.name())
                  .correction(
                      "Either provide the correct count of volume sizes or use the 'partial' option"),
              refs));
    }
    String invalid = Names.invalidReason(name, 2, Names.MAX_RSC_NAME);
    if (invalid != null) {
      throw new ApiException(
          PropsChange.withRefs(
              Rc.of(
                      RetCode.error(crt, RetCode.INVLD_RSC_NAME),
                      "The specified resource name '" + name + "' is invalid.")
                  .cause(invalid)
                  .details("Resource group: " + rg.name())
                  .report(api.cluster.newReportId()),
              refs));
    }
    if (api.cluster.resourceDefinitions().containsKey(name)) {
      throw new ApiException(
          PropsChange.withRefs(
              Rc.of(
                      RetCode.error(crt, RetCode.EXISTS_RSC_DFN),
                      "A resource definition with the name '" + name + "' already exists")
                  .cause("The ResourceDefinition already exists")
                  .details("Resource group: " + rg.name()),
              refs));
    }
    PropsChange.validate(
        api.cluster,
        body.resourceDefinitionProps(),
        new PropsChange.Target(crt, crt, crt, "Resource group: " + rg.name(), refs));
    SelectFilter filter = rg.selectFilter().overlay(Filters.of(body.selectFilter()));
    List<String> layers = filter.layerStack();
    if (layers != null && !layers.isEmpty()) {
      ops.requireLayersSupported(layers, crt, refs);
    }
    ResourceDefinition rd =
        DefinitionFactory.newDefinition(
            api.cluster, name, body.resourceDefinitionExternalName(), rg, layers);
    if (body.resourceDefinitionProps() != null) {
      rd.props().putAll(body.resourceDefinitionProps());
    }
    for (int i = 0; i < sizes.size(); i++) {
      int number = i < vgs.size() ? vgs.get(i).number() : DefinitionFactory.nextVolumeNumber(rd);
      DefinitionFactory.newVolume(api.cluster, rd, number, sizes.get(i));
      Map<String, String> vrefs = PropsChange.refs("RscGrp", rg.name(), "RscDfn", name);
      vrefs.put("VlmNr", String.valueOf(number));
      out.add(
          PropsChange.withRefs(
              Rc.of(
                  RetCode.success(RetCode.CRT | RetCode.VLM_DFN, RetCode.CREATED),
                  "Volume definition with number '"
                      + number
                      + "' successfully  created in resource definition '"
                      + name
                      + "'."),
              vrefs));
    }
    out.add(
        Rc.of(
                RetCode.success(RetCode.CRT | RetCode.RSC_DFN, RetCode.CREATED),
                "New resource definition '" + name + "' created.")
            .details("Resource definition '" + name + "' UUID is: " + rd.uuid())
            .ref("RscGrp", rg.name())
            .ref("UUID", rd.uuid().toString())
            .ref("RscDfn", name)
            .build());
    boolean definitionsOnly = Boolean.TRUE.equals(body.definitionsOnly());
    if (definitionsOnly || filter.placeCount() == null) {
      String reason =
          filter.placeCount() == null
              ? "No autoplace configuration in the given resource group (at least place-count required)"
              : "";
      if (definitionsOnly) {
        reason += (reason.isEmpty() ? "" : " and ") + "--definitions-only was set";
      }
      out.add(
          PropsChange.withRefs(
              Rc.of(
                      RetCode.info(crt, RetCode.NO_RSC_SPAWNED),
                      "Resource definition "
                          + name
                          + " and "
                          + sizes.size()
                          + " created but no resources deployed")
                  .cause(reason),
              refs));
      return out;
    }
    List<String> placeLayers = ops.layers(rd, null);
    try {
      List<Rc> placed =
          ops.autoplace(
              rd,
              filter,
              placeLayers,
              Boolean.TRUE.equals(filter.disklessOnRemaining()),
              new ResourceOps.PlaceContext(
                  RetCode.RSC_GRP,
                  Map.of("RscGrp", rg.name()),
                  "Resource group: " + rg.name(),
                  false));
      out.addAll(
          placed == null
              ? List.of(ops.alreadyDeployed(rd, RetCode.RSC_GRP, Map.of("RscGrp", rg.name())))
              : placed);
      return out;
    } catch (ApiException e) {
      // a spawn that cannot place leaves nothing behind (recorded: no definition after the refusal)
      List.copyOf(rd.resources().values()).forEach(r -> Deployer.remove(api.cluster, r));
      Deployer.releaseUnusedData(api.cluster, rd);
      api.cluster.resourceDefinitions().remove(rd.name());
      rd.markRemoved();
      throw e;
    }
  }
}
