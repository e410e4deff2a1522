package io.linstorcsi.emulator.rest;

import io.linstorcsi.emulator.rc.Rc;
import io.linstorcsi.emulator.rc.RetCode;
import io.linstorcsi.emulator.server.Call;
import io.linstorcsi.emulator.server.Reply;
import io.linstorcsi.emulator.server.Router;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Controller version and properties. */
final class ControllerEndpoints {
  static final String VERSION = "1.33.3";
  static final String REST_API_VERSION = "1.27.0";
  private static final String GIT_HASH = "1ff3a1ea5cb5c77100265ec442bb9a492b225145";

  private final Api api;
  private final String buildTime;

  ControllerEndpoints(Api api, String buildTime) {
    this.api = api;
    this.buildTime = buildTime;
  }

  void register(Router router) {
    router.add("GET", "/v1/controller/version", this::version);
    router.add("GET", "/v1/controller/properties", this::properties);
    router.add("POST", "/v1/controller/properties", this::modifyProperties);
  }

  private Reply version(Call call) {
    return Reply.ok(new Out.ControllerVersion(VERSION, GIT_HASH, buildTime, REST_API_VERSION));
  }

  private Reply properties(Call call) {
    return api.cluster.locked(() -> Reply.ok(new TreeMap<>(api.cluster.controllerProps())));
  }

  private Reply modifyProperties(Call call) {
    In.ControllerPropsModify body =
        call.syncBody(In.ControllerPropsModify.class, api.cluster::newReportId);
    return api.cluster.locked(
        () -> {
          List<Rc> out =
              PropsChange.apply(
                  api.cluster,
                  api.cluster.controllerProps(),
                  body.overrideProps(),
                  body.deleteProps(),
                  body.deleteNamespaces(),
                  new PropsChange.Target(
                      RetCode.CRT | RetCode.CTRL_CONF,
                      RetCode.DEL | RetCode.CTRL_CONF,
                      RetCode.MOD | RetCode.CTRL_CONF,
                      "Controller",
                      Map.of()));
          return Reply.rc(out, 200);
        });
  }
}
