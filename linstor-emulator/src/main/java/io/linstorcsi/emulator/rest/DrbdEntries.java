package io.linstorcsi.emulator.rest;

import io.linstorcsi.emulator.rc.Rc;
import io.linstorcsi.emulator.rc.RetCode;
import io.linstorcsi.emulator.state.Resource;
import io.linstorcsi.emulator.state.ResourceDefinition;
import io.linstorcsi.emulator.state.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The reply entries the DRBD layer of a satellite adds (recorded in linstor-drbd-recordings): a
 * satellite re-applies ("adjusts") its DRBD resource after every change of the definition, and the
 * controller announces the verify algorithm it picks for a new DRBD definition.
 */
final class DrbdEntries {
  static final String VERIFY_ALG_KEY = "DrbdOptions/auto-verify-alg";

  /** The first algorithm of the allowed list both recorded satellites support. */
  private static final String VERIFY_ALG = "crct10dif";

  private DrbdEntries() {}

  /** "(node) Resource 'rd' [DRBD] adjusted." for a DRBD replica on an online node. */
  static List<Rc> adjusted(long op, Resource rsc, Map<String, String> refs) {
    if (!rsc.hasDrbd() || !rsc.node().online()) {
      return List.of();
    }
    return List.of(
        ResourceOps.withRefs(
            Rc.of(
                RetCode.success(op | RetCode.RSC, RetCode.MODIFIED),
                "("
                    + rsc.node().name()
                    + ") Resource '"
                    + rsc.definition().name()
                    + "' [DRBD] adjusted."),
            refs));
  }

  /**
   * During a resize the satellite answers "not adjusted" while the storage layer below has not
   * provided the grown device yet, then "adjusted" (recorded, both entries per node).
   */
  static List<Rc> resized(Resource rsc, Map<String, String> refs) {
    if (!rsc.hasDrbd() || !rsc.node().online()) {
      return List.of();
    }
    List<Rc> out = new ArrayList<>();
    out.add(
        ResourceOps.withRefs(
            Rc.of(
                    RetCode.success(RetCode.MOD | RetCode.RSC, 0),
                    "("
                        + rsc.node().name()
                        + ") Resource '"
                        + rsc.definition().name()
                        + "' [DRBD] not adjusted ")
                .cause(
                    "This happened most likely because the layer below did not provide a device to"
                        + " work with."),
            refs));
    out.addAll(adjusted(RetCode.MOD, rsc, refs));
    return out;
  }

  /** "(node) Resource 'rd' [DRBD] deleted." when a satellite takes its DRBD replica away. */
  static List<Rc> deleted(long op, Resource rsc, Map<String, String> refs) {
    if (!rsc.hasDrbd() || !rsc.node().online()) {
      return List.of();
    }
    return List.of(
        ResourceOps.withRefs(
            Rc.of(
                RetCode.success(op | RetCode.RSC, RetCode.DELETED),
                "("
                    + rsc.node().name()
                    + ") Resource '"
                    + rsc.definition().name()
                    + "' [DRBD] deleted."),
            refs));
  }

  /**
   * What every satellite answers after a change of a deployed DRBD definition (properties, sizes):
   * its volumes "resized" (the storage layer re-applied) and the DRBD resource adjusted.
   */
  static List<Rc> reapplied(
      ResourceOps ops, long op, ResourceDefinition rd, Map<String, String> refs) {
    List<Rc> out = new ArrayList<>();
    if (!rd.hasDrbd()) {
      return out;
    }
    for (Resource rsc : rd.liveResources()) {
      if (!rsc.deployed() || !rsc.node().online()) {
        continue;
      }
      for (Volume v : rsc.volumes().values()) {
        if (!v.pool().diskless()) {
          out.add(ops.volumeEntry(op, rsc, v, "resized", RetCode.MODIFIED, refs, false));
        }
      }
      out.addAll(adjusted(op, rsc, refs));
    }
    return out;
  }

  /**
   * The verify algorithm the controller sets on a DRBD definition when its first replica is
   * created, with the INFO entry it announces it with (recorded; linstor-server picks the first
   * algorithm of DrbdOptions/auto-verify-algo-allowed-list all satellites support).
   */
  static List<Rc> pickVerifyAlgorithm(
      ResourceDefinition rd, long context, Map<String, String> refs) {
    if (!rd.hasDrbd() || rd.props().containsKey(VERIFY_ALG_KEY)) {
      return List.of();
    }
    rd.props().put(VERIFY_ALG_KEY, VERIFY_ALG);
    return List.of(
        ResourceOps.withRefs(
            Rc.of(
                RetCode.info(context, 0),
                "Updated " + rd.name() + " DRBD auto verify algorithm to '" + VERIFY_ALG + "'"),
            refs));
  }
}
