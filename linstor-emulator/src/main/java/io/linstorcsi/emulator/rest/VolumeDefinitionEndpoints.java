package io.linstorcsi.emulator.rest;

import io.linstorcsi.emulator.rc.ApiException;
import io.linstorcsi.emulator.rc.Rc;
import io.linstorcsi.emulator.rc.RetCode;
import io.linstorcsi.emulator.server.Call;
import io.linstorcsi.emulator.server.Reply;
import io.linstorcsi.emulator.server.Router;
import io.linstorcsi.emulator.state.Deployer;
import io.linstorcsi.emulator.state.Resource;
import io.linstorcsi.emulator.state.ResourceDefinition;
import io.linstorcsi.emulator.state.Volume;
import io.linstorcsi.emulator.state.VolumeDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Volume definitions: create, list, resize and property changes, delete. */
final class VolumeDefinitionEndpoints {
  private static final String FLAG_RESIZE = "RESIZE";

  private final Api api;
  private final ResourceOps ops;

  VolumeDefinitionEndpoints(Api api, ResourceOps ops) {
    this.api = api;
    this.ops = ops;
  }

  void register(Router router) {
    String base = "/v1/resource-definitions/{resource}/volume-definitions";
    router.add("GET", base, this::list);
    router.add("POST", base, this::create);
    router.add("GET", base + "/{volume_number}", this::get);
    router.add("PUT", base + "/{volume_number}", this::modify);
    router.add("DELETE", base + "/{volume_number}", this::delete);
  }

  private Reply list(Call call) {
    return api.cluster.locked(
        () -> {
          ResourceDefinition rd = Lookup.rdForGet(api.cluster, call.param("resource"));
          return Reply.ok(
              rd.volumeDefinitions().values().stream()
                  .map(vd -> api.views.volumeDefinition(rd, vd))
                  .toList());
        });
  }

  private Reply get(Call call) {
    return api.cluster.locked(
        () -> {
          ResourceDefinition rd = Lookup.rdForGet(api.cluster, call.param("resource"));
          String number = call.param("volume_number");
          VolumeDefinition vd = find(rd, number);
          if (vd == null) {
            throw new ApiException(
                Rc.of(
                        RetCode.error(0, RetCode.NOT_FOUND_VLM_DFN),
                        "Volume definition '" + number + "' not found.")
                    .build());
          }
          return Reply.ok(api.views.volumeDefinition(rd, vd));
        });
  }

  private static VolumeDefinition find(ResourceDefinition rd, String number) {
    try {
      return rd.volumeDefinitions().get(Integer.parseInt(number));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private Reply create(Call call) {
    In.VolumeDefinitionCreate body = call.body(In.VolumeDefinitionCreate.class);
    String name = call.param("resource");
    return api.cluster.locked(
        () -> {
          long crt = RetCode.CRT | RetCode.VLM_DFN;
          ResourceDefinition rd = api.cluster.resourceDefinitions().get(name);
          if (rd == null) {
            throw new ApiException(
                Lookup.rdNotFound(crt, name)
                    .details("Volume definitions for resource definition '" + name + "'")
                    .ref("RscDfn", name)
                    .build());
          }
          In.VolumeDefinition in = body.volumeDefinition();
          Integer requested = in == null ? null : in.volumeNumber();
          int number = requested != null ? requested : DefinitionFactory.nextVolumeNumber(rd);
          long size = in == null || in.sizeKib() == null ? 0 : in.sizeKib();
          if (rd.volumeDefinitions().containsKey(number)) {
            throw new ApiException(
                Rc.of(
                        RetCode.error(crt, RetCode.EXISTS_VLM_DFN),
                        "A volume definition with the number "
                            + number
                            + " already exists in resource definition '"
                            + rd.name()
                            + "'.")
                    .cause("The VolumeDefinition already exists")
                    .details(
                        "Resource definition: "
                            + rd.name()
                            + ", Volume number: "
                            + number
                            + "\nVolume definitions for resource definition '"
                            + rd.name()
                            + "'")
                    .ref("RscDfn", rd.name())
                    .ref("VlmNr", String.valueOf(number))
                    .build());
          }
          if (size <= 0) {
            throw new ApiException(
                Rc.of(
                        RetCode.error(crt, RetCode.INVLD_VLM_SIZE),
                        "The specified volume size '" + size + "' is invalid.")
                    .details("Volume definitions for resource definition '" + rd.name() + "'")
                    .ref("RscDfn", rd.name())
                    .ref("VlmNr", String.valueOf(number))
                    .build());
          }
          if (in.props() != null) {
            PropsChange.validate(
                api.cluster,
                in.props(),
                new PropsChange.Target(
                    crt,
                    crt,
                    crt,
                    "Resource definition: " + rd.name(),
                    Map.of("RscDfn", rd.name())));
          }
          VolumeDefinition vd = DefinitionFactory.newVolume(api.cluster, rd, number, size);
          if (in.props() != null) {
            vd.props().putAll(in.props());
          }
          return Reply.rc(
              List.of(
                  Rc.of(
                          RetCode.success(crt, RetCode.CREATED),
                          "New volume definition with number '"
                              + number
                              + "' of resource definition '"
                              + rd.name()
                              + "' created.")
                      .ref("RscDfn", rd.name())
                      .ref("VlmNr", String.valueOf(number))
                      .build()),
              200);
        });
  }

  private Reply modify(Call call) {
    In.VolumeDefinitionModify body = call.body(In.VolumeDefinitionModify.class);
    String name = call.param("resource");
    String number = call.param("volume_number");
    return api.cluster.locked(() -> Reply.rc(modify(name, number, body), 200));
  }

  private List<Rc> modify(String name, String number, In.VolumeDefinitionModify body) {
    long mod = RetCode.MOD | RetCode.VLM_DFN;
    ResourceDefinition rd = api.cluster.resourceDefinitions().get(name);
    if (rd == null) {
      throw new ApiException(
          Lookup.rdNotFound(mod, name)
              .details("Resource definition: " + name + ", Volume number: " + number)
              .ref("RscDfn", name)
              .ref("VlmNr", number)
              .build());
    }
    VolumeDefinition vd = find(rd, number);
    if (vd == null) {
      throw new ApiException(
          Rc.of(
                  RetCode.error(mod, RetCode.NOT_FOUND_VLM_DFN),
                  "Volume definition '" + name + "' with volume number '" + number + "' not found.")
              .cause(
                  "The specified volume definition '"
                      + name
                      + "' with volume number '"
                      + number
                      + "' could not be found in the database")
              .details("Resource definition: " + name + ", Volume number: " + number)
              .correction("Create a volume definition with the name '" + name + "' first.")
              .ref("RscDfn", rd.name())
              .ref("VlmNr", number)
              .build());
    }
    Map<String, String> refs = PropsChange.refs("RscDfn", rd.name(), "VlmNr", number);
    Long newSize = body.sizeKib();
    if (newSize != null && newSize < vd.sizeKib()) {
      requireShrinkable(rd);
    }
    List<Rc> out =
        PropsChange.apply(
            api.cluster,
            vd.props(),
            body.overrideProps(),
            body.deleteProps(),
            body.deleteNamespaces(),
            new PropsChange.Target(
                RetCode.CRT | RetCode.VLM_DFN,
                RetCode.DEL | RetCode.VLM_DFN,
                mod,
                "Resource definition: " + rd.name() + ", Volume number: " + number,
                refs));
    Map<String, String> uuidRefs = PropsChange.refs("UUID", vd.uuid().toString());
    uuidRefs.putAll(refs);
    out.add(
        PropsChange.withRefs(
            Rc.of(
                    RetCode.success(mod, RetCode.MODIFIED),
                    "Volume definition with number '"
                        + number
                        + "' of resource definition '"
                        + rd.name()
                        + "' modified.")
                .details(
                    "Volume definition with number '"
                        + number
                        + "' of resource definition '"
                        + rd.name()
                        + "' UUID is: "
                        + vd.uuid()),
            uuidRefs));
    boolean resize = newSize != null && newSize != vd.sizeKib();
    if (resize) {
      // the new size is visible at once, flagged RESIZE until the satellites are done (recorded)
      vd.setSizeKib(newSize);
      vd.flags().add(FLAG_RESIZE);
    }
    if (resize || (body.overrideProps() != null && !body.overrideProps().isEmpty())) {
      api.cluster.satelliteRoundTrip();
      if (resize && vd.backing() != null) {
        api.cluster.store().resize(vd.backing(), vd.sizeKib());
      }
      vd.flags().remove(FLAG_RESIZE);
      // replicas waiting for deletion on an offline node are told too (recorded)
      for (Resource rsc : List.copyOf(rd.resources().values())) {
        out.addAll(satelliteResize(rsc, vd, refs, resize));
      }
    }
    return out;
  }

  private List<Rc> satelliteResize(
      Resource rsc, VolumeDefinition vd, Map<String, String> refs, boolean resize) {
    long mod = RetCode.MOD | RetCode.VLM_DFN;
    List<Rc> out = new ArrayList<>();
    String rdName = rsc.definition().name();
    String node = rsc.node().name();
    if (!rsc.node().online()) {
      out.add(
          PropsChange.withRefs(
              Rc.of(RetCode.warn(mod, RetCode.NOT_CONNECTED), Messages.notConnected(node))
                  .details(Messages.NOT_CONNECTED_DETAILS),
              refs));
    } else {
      for (Volume v : rsc.volumes().values()) {
        Map<String, String> vrefs =
            PropsChange.refs("RscDfn", rdName, "VlmNr", String.valueOf(vd.number()));
        out.add(
            PropsChange.withRefs(
                Rc.of(
                    RetCode.success(RetCode.MOD | RetCode.VLM, RetCode.MODIFIED),
                    "("
                        + node
                        + ") Volume number "
                        + v.number()
                        + " of resource '"
                        + rdName
                        + "' ["
                        + v.pool().kind().label()
                        + "] resized"),
                vrefs));
      }
      if (resize) {
        if (rsc.hasDrbd()) {
          vd.props().put("Linstor/Drbd/freeze-block-size", "True"); // recorded after a DRBD resize
        }
        out.addAll(
            DrbdEntries.resized(
                rsc, PropsChange.refs("RscDfn", rdName, "VlmNr", String.valueOf(vd.number()))));
      }
    }
    out.add(
        PropsChange.withRefs(
            Rc.of(
                RetCode.success(mod, RetCode.MODIFIED),
                (resize
                        ? "Resized resource '" + rdName + "' on '"
                        : "Updated volume " + vd.number() + " of '" + rdName + "' on '")
                    + node
                    + "'"),
            refs));
    return out;
  }

  /**
   * DRBD cannot shrink (linstor-server CtrlVlmDfnModifyApiCallHandler.ensureShrinkingIsSupported);
   * every recorded storage provider can, so STORAGE-only volumes shrink (recorded).
   */
  private static void requireShrinkable(ResourceDefinition rd) {
    for (Resource rsc : rd.resources().values()) {
      if (rsc.hasDrbd()) {
        throw new ApiException(
            Rc.of(
                    RetCode.error(RetCode.MOD | RetCode.VLM_DFN, RetCode.INVLD_VLM_SIZE),
                    "Shrinking volumes is not supported by layer 'DRBD'. Volumes can only grow in size.")
                .ref("RscDfn", rd.name())
                .build());
      }
    }
  }

  private Reply delete(Call call) {
    String name = call.param("resource");
    String number = call.param("volume_number");
    return api.cluster.locked(
        () -> {
          long del = RetCode.DEL | RetCode.VLM_DFN;
          ResourceDefinition rd = api.cluster.resourceDefinitions().get(name);
          VolumeDefinition vd = rd == null ? null : find(rd, number);
          Map<String, String> refs = PropsChange.refs("RscDfn", name, "VlmNr", number);
          if (vd == null) {
            String text = "Resource definition: " + name + ", Volume number: " + number;
            return Reply.rc(
                List.of(
                    PropsChange.withRefs(
                        Rc.of(RetCode.warn(del, RetCode.NOT_FOUND), text + " not found.")
                            .details(text),
                        refs)),
                200);
          }
          String what =
              "Volume definition with number '"
                  + number
                  + "' of resource definition '"
                  + rd.name()
                  + "'";
          List<Rc> out = new ArrayList<>();
          out.add(
              PropsChange.withRefs(
                  Rc.of(RetCode.success(del, RetCode.DELETED), what + " marked for deletion.")
                      .details(what + " UUID is: " + vd.uuid()),
                  refs));
          api.cluster.satelliteRoundTrip();
          for (Resource rsc : rd.liveResources()) {
            if (!rsc.volumes().containsKey(vd.number())) {
              continue;
            }
            for (Volume v : rsc.volumes().values()) {
              boolean gone = v.number() == vd.number();
              out.add(
                  ops.volumeEntry(
                      RetCode.DEL,
                      rsc,
                      v,
                      gone ? "deleted" : "resized",
                      gone ? RetCode.DELETED : RetCode.MODIFIED,
                      Map.of(),
                      false));
            }
            Deployer.removeVolume(api.cluster, rsc, vd);
            out.add(
                PropsChange.withRefs(
                    Rc.of(
                        RetCode.success(del, RetCode.MODIFIED),
                        "Deleted volume "
                            + number
                            + " of '"
                            + rd.name()
                            + "' on '"
                            + rsc.node().name()
                            + "'"),
                    refs));
          }
          rd.volumeDefinitions().remove(vd.number());
          if (vd.backing() != null) {
            api.cluster.store().delete(vd.backing());
            vd.setBacking(null);
          }
          out.add(
              PropsChange.withRefs(
                  Rc.of(RetCode.success(del, RetCode.DELETED), what + " deleted.")
                      .details(what + " UUID was: " + vd.uuid()),
                  refs));
          return Reply.rc(out, 200);
        });
  }
}
