package io.linstorcsi.emulator.rest;

import io.linstorcsi.emulator.drbd.DrbdView;
import io.linstorcsi.emulator.rc.ApiException;
import io.linstorcsi.emulator.rc.Rc;
import io.linstorcsi.emulator.rc.RetCode;
import io.linstorcsi.emulator.server.Call;
import io.linstorcsi.emulator.server.Reply;
import io.linstorcsi.emulator.server.Router;
import io.linstorcsi.emulator.state.Deployer;
import io.linstorcsi.emulator.state.Names;
import io.linstorcsi.emulator.state.Resource;
import io.linstorcsi.emulator.state.ResourceDefinition;
import io.linstorcsi.emulator.state.ResourceGroup;
import io.linstorcsi.emulator.state.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code /v1/resource-definitions}: create, list, modify, delete. */
final class ResourceDefinitionEndpoints {
  private final Api api;
  private final ResourceOps ops;

  ResourceDefinitionEndpoints(Api api, ResourceOps ops) {
    this.api = api;
    this.ops = ops;
  }

  void register(Router router) {
    router.add("GET", "/v1/resource-definitions", this::list);
    router.add("POST", "/v1/resource-definitions", this::create);
    router.add("GET", "/v1/resource-definitions/{resource}", this::get);
    router.add("PUT", "/v1/resource-definitions/{resource}", this::modify);
    router.add("DELETE", "/v1/resource-definitions/{resource}", this::delete);
    router.add("GET", "/v1/resource-definitions/{resource}/sync-status", this::syncStatus);
  }

  private Reply list(Call call) {
    List<String> names = call.queryAll("resource_definitions");
    List<String> props = call.queryAll("props");
    boolean withVolumes = Api.flag(call, "with_volume_definitions");
    return api.cluster.locked(
        () -> {
          List<Out.ResourceDefinition> out = new ArrayList<>();
          for (ResourceDefinition rd : api.cluster.resourceDefinitions().values()) {
            if (Api.nameIn(names, rd.name()) && Api.propsMatch(rd.props(), props)) {
              out.add(api.views.resourceDefinition(rd, withVolumes));
            }
          }
          return Reply.ok(Api.page(out, call));
        });
  }

  /** One definition; it ignores {@code with_volume_definitions} (recorded, drbd 03 seq 32). */
  private Reply get(Call call) {
    return api.cluster.locked(
        () ->
            Reply.ok(
                api.views.resourceDefinition(
                    Lookup.rdForGet(api.cluster, call.param("resource")), false)));
  }

  private Reply syncStatus(Call call) {
    return api.cluster.locked(
        () -> {
          ResourceDefinition rd = Lookup.rdForGet(api.cluster, call.param("resource"));
          boolean synced =
              rd.diskfulResources().stream()
                  .allMatch(
                      r -> r.node().online() && DrbdView.UP_TO_DATE.equals(DrbdView.diskState(r)));
          return Reply.ok(new Out.SyncStatus(synced));
        });
  }

  private Reply create(Call call) {
    In.ResourceDefinitionCreate body =
        call.syncBody(In.ResourceDefinitionCreate.class, api.cluster::newReportId);
    return api.cluster.locked(() -> Reply.rc(create(body), 201));
  }

  private List<Rc> create(In.ResourceDefinitionCreate body) {
    long crt = RetCode.CRT | RetCode.RSC_DFN;
    In.ResourceDefinition in = body.resourceDefinition();
    String name = in == null || in.name() == null ? "" : in.name();
    String external = in == null ? null : in.externalName();
    if (name.isEmpty()) {
      if (external == null) {
        throw new ApiException(
            Rc.of(
                    RetCode.error(crt, RetCode.MISSING_EXT_NAME),
                    "The resource name generation for the creation of a new resource definition failed")
                .cause(
                    "Name generation was selected by specifying a zero-length resource name,\nbut the"
                        + " external name field required for name generation is not present\nin the API"
                        + " call data")
                .details("Resource definition: ")
                .correction(
                    "For name generation from an external name\n- Specify a non-zero-length external"
                        + " name to induce resource name generation\n  based on the specified external"
                        + " name- Specify a zero-length external name to induce generation of a random\n "
                        + " resource name (Prefix + UUID)\nor\n- Specify a non-zero-length resource name to"
                        + " avoid resource name generation")
                .report(api.cluster.newReportId())
                .ref("RscDfn", "")
                .build());
      }
      name =
          external.isEmpty()
              ? "rsc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
              : DefinitionFactory.nameFromExternal(external);
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
    String groupName = in == null ? null : in.resourceGroupName();
    ResourceGroup group =
        api.cluster.resourceGroups().get(groupName == null ? ResourceGroup.DEFAULT : groupName);
    if (group == null) {
      throw new ApiException(
          Rc.of(
                  RetCode.error(crt, RetCode.NOT_FOUND_RSC_GRP),
                  "Resource group '" + groupName + "' could not be found.")
              .details("Resource definition: " + name)
              .report(api.cluster.newReportId())
              .ref("RscDfn", name)
              .build());
    }
    Map<String, String> props = in == null ? null : in.props();
    PropsChange.validate(
        api.cluster,
        props,
        new PropsChange.Target(
            crt, crt, crt, "Resource definition: " + name, Map.of("RscDfn", name)));
    List<String> layers =
        in != null && in.layerData() != null && !in.layerData().isEmpty()
            ? in.layerData().stream().map(In.LayerData::type).toList()
            : group.selectFilter().layerStack();
    if (layers != null) {
      ops.requireLayersSupported(layers, crt, Map.of("RscDfn", name));
    }
    ResourceDefinition rd =
        DefinitionFactory.newDefinition(api.cluster, name, external, group, layers);
    List<Rc> out = new ArrayList<>();
    if (props != null && !props.isEmpty()) {
      rd.props().putAll(props);
      out.add(
          Rc.of(
                  RetCode.success(crt, RetCode.CREATED),
                  "Successfully set property key(s): " + String.join(",", props.keySet()))
              .build());
    }
    out.add(
        Rc.of(
                RetCode.success(crt, RetCode.CREATED),
                "New resource definition '" + name + "' created.")
            .details("Resource definition '" + name + "' UUID is: " + rd.uuid())
            .ref("UUID", rd.uuid().toString())
            .ref("RscDfn", name)
            .build());
    return out;
  }

  private Reply modify(Call call) {
    In.ResourceDefinitionModify body = call.body(In.ResourceDefinitionModify.class);
    String name = call.param("resource");
    return api.cluster.locked(
        () -> {
          long mod = RetCode.MOD | RetCode.RSC_DFN;
          ResourceDefinition rd = api.cluster.resourceDefinitions().get(name);
          if (rd == null) {
            throw new ApiException(
                Lookup.rdNotFound(mod, name)
                    .details("Resource definition: " + name)
                    .ref("RscDfn", name)
                    .build());
          }
          if (body.resourceGroup() != null && !body.resourceGroup().isEmpty()) {
            ResourceGroup group = api.cluster.resourceGroups().get(body.resourceGroup());
            if (group == null) {
              throw new ApiException(
                  Lookup.rgNotFound(mod, body.resourceGroup())
                      .details("Resource definition: " + rd.name())
                      .ref("RscDfn", rd.name())
                      .build());
            }
            rd.setGroup(group);
          }
          List<Rc> out =
              PropsChange.apply(
                  api.cluster,
                  rd.props(),
                  body.overrideProps(),
                  body.deleteProps(),
                  body.deleteNamespaces(),
                  new PropsChange.Target(
                      RetCode.CRT | RetCode.RSC_DFN,
                      RetCode.DEL | RetCode.RSC_DFN,
                      mod,
                      "Resource definition: " + rd.name(),
                      PropsChange.refs("RscDfn", rd.name())));
          if (body.layerStack() != null
              && !body.layerStack().isEmpty()
              && rd.resources().isEmpty()) {
            ops.requireLayersSupported(body.layerStack(), mod, Map.of("RscDfn", rd.name()));
            rd.layerStack().clear();
            rd.layerStack().addAll(ops.layers(rd, body.layerStack()));
          }
          out.add(
              Rc.of(
                      RetCode.success(mod, RetCode.MODIFIED),
                      "Resource definition '" + rd.name() + "' modified.")
                  .details("Resource definition '" + rd.name() + "' UUID is: " + rd.uuid())
                  .ref("UUID", rd.uuid().toString())
                  .ref("RscDfn", rd.name())
                  .build());
          out.addAll(DrbdEntries.reapplied(ops, RetCode.MOD, rd, Map.of("RscDfn", rd.name())));
          return Reply.rc(out, 200);
        });
  }

  private Reply delete(Call call) {
    String name = call.param("resource");
    return api.cluster.locked(() -> Reply.rc(delete(name), 200));
  }

  private List<Rc> delete(String name) {
    long del = RetCode.DEL | RetCode.RSC_DFN;
    ResourceDefinition rd = api.cluster.resourceDefinitions().get(name);
    if (rd == null || rd.flags().contains(ResourceDefinition.FLAG_DELETE)) {
      return List.of(
          Rc.of(
                  RetCode.warn(del, RetCode.NOT_FOUND),
                  "Resource definition: " + name + " not found.")
              .details("Resource definition: " + name)
              .ref("RscDfn", name)
              .build());
    }
    if (!rd.snapshots().isEmpty()) {
      throw new ApiException(
          Rc.of(
                  RetCode.error(del, RetCode.EXISTS_SNAPSHOT_DFN),
                  "Cannot delete resource definition '" + rd.name() + "' because it has snapshots.")
              .details("Resource definition: " + rd.name())
              .report(api.cluster.newReportId())
              .ref("RscDfn", rd.name())
              .build());
    }
    for (Resource rsc : rd.resources().values()) {
      if (rsc.hasDrbd() && DrbdView.inUse(api.cluster, rsc)) {
        throw new ApiException(
            Rc.of(
                    RetCode.error(del, RetCode.IN_USE),
                    "Resource '" + rd.name() + "' is still in use.")
                .cause("Resource is mounted/in use.")
                .correction(
                    "Un-mount resource '"
                        + rd.name()
                        + "' on the node '"
                        + rsc.node().name()
                        + "'.")
                .ref("RscDfn", rd.name())
                .build());
      }
    }
    List<Rc> out = new ArrayList<>();
    Rc deleted =
        Rc.of(
                RetCode.success(del, RetCode.DELETED),
                "Resource definition '" + rd.name() + "' deleted.")
            .details("Resource definition '" + rd.name() + "' UUID was: " + rd.uuid())
            .ref("RscDfn", rd.name())
            .build();
    if (rd.resources().isEmpty()) {
      api.cluster.resourceDefinitions().remove(rd.name());
      rd.markRemoved();
      out.add(deleted);
      return out;
    }
    out.add(
        Rc.of(
                RetCode.success(del, RetCode.DELETED),
                "Resource definition '" + rd.name() + "' marked for deletion.")
            .ref("RscDfn", rd.name())
            .build());
    rd.flags().add(ResourceDefinition.FLAG_DELETE);
    for (Resource rsc : rd.resources().values()) {
      rsc.flags().add(Resource.FLAG_DELETE);
    }
    // the satellites take their replicas down one after the other (recorded: one replica without
    // state
    // while the other still reports), then the definition goes
    for (Resource rsc : List.copyOf(rd.resources().values())) {
      api.cluster.satelliteRoundTrip();
      rsc.markStateGone();
    }
    api.cluster.satelliteRoundTrip();
    for (Resource rsc : List.copyOf(rd.resources().values())) {
      if (rsc.node().online()) {
        out.addAll(DrbdEntries.deleted(RetCode.DEL, rsc, Map.of("RscDfn", rd.name())));
        for (Volume v : rsc.volumes().values()) {
          out.add(
              ops.volumeEntry(RetCode.DEL, rsc, v, "deleted", RetCode.DELETED, Map.of(), false));
        }
      } else {
        out.add(
            Rc.of(
                    RetCode.warn(del, RetCode.NOT_CONNECTED),
                    Messages.notConnected(rsc.node().name()))
                .details(Messages.NOT_CONNECTED_DETAILS)
                .ref("RscDfn", rd.name())
                .build());
      }
      out.add(
          Rc.of(
                  RetCode.success(del, RetCode.MODIFIED),
                  "Resource '" + rd.name() + "' on '" + rsc.node().name() + "' marked for deletion")
              .ref("RscDfn", rd.name())
              .build());
      Deployer.remove(api.cluster, rsc);
    }
    api.cluster.resourceDefinitions().remove(rd.name());
    rd.markRemoved();
    out.add(deleted);
    return out;
  }
}
