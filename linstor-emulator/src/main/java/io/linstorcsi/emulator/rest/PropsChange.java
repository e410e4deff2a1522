package io.linstorcsi.emulator.rest;

import io.linstorcsi.emulator.rc.ApiException;
import io.linstorcsi.emulator.rc.Rc;
import io.linstorcsi.emulator.rc.RetCode;
import io.linstorcsi.emulator.state.Cluster;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies override_props / delete_props / delete_namespaces to a property map, refusing keys
 * outside the namespaces the controller whitelists (recorded: {@code NoSuchNamespace/foo} and
 * {@code Bogus/Key} are "not whitelisted").
 */
final class PropsChange {
  private static final Set<String> NAMESPACES =
      Set.of(
          "Aux",
          "DrbdOptions",
          "StorDriver",
          "FileSystem",
          "Writecache",
          "Cache",
          "BCache",
          "NVMe",
          "Autoplacer",
          "Sys",
          "Internal",
          "BackupShipping",
          "SnapshotShipping",
          "DrbdProxy",
          "Schedule",
          "Luks",
          "EBS");
  private static final Set<String> TOP_LEVEL_KEYS =
      Set.of(
          "StorPoolName",
          "StorPoolNameDiskless",
          "PrefNic",
          "PeerSlotsNewResource",
          "DrbdPrimarySetOn",
          "SequenceNumber",
          "NodeUname",
          "CurStltConnName",
          "MaxOversubscriptionRatio",
          "MaxFreeCapacityOversubscriptionRatio",
          "MaxTotalCapacityOversubscriptionRatio");

  /** Where the change is applied, for the reply entries. */
  record Target(
      long setMask, long deleteMask, long invalidMask, String details, Map<String, String> refs) {}

  private PropsChange() {}

  static boolean allowed(String key) {
    if (key == null || key.isEmpty()) {
      return false;
    }
    int slash = key.indexOf('/');
    if (slash < 0) {
      return TOP_LEVEL_KEYS.contains(key);
    }
    return NAMESPACES.contains(key.substring(0, slash));
  }

  /** Throws FAIL_INVLD_PROP for the first key that is not whitelisted. */
  static void validate(Cluster cluster, Map<String, String> override, Target target) {
    if (override == null) {
      return;
    }
    for (String key : override.keySet()) {
      if (!allowed(key)) {
        Rc.Builder rc =
            Rc.of(
                    RetCode.error(target.invalidMask(), RetCode.INVLD_PROP),
                    "Invalid property key: " + key)
                .cause("The key '" + key + "' is not whitelisted.")
                .details(target.details())
                .report(cluster.newReportId());
        target.refs().forEach(rc::ref);
        throw new ApiException(rc.build());
      }
    }
  }

  /** Validates, applies, and returns the "Successfully set/deleted property key(s)" entries. */
  static List<Rc> apply(
      Cluster cluster,
      Map<String, String> props,
      Map<String, String> override,
      List<String> delete,
      List<String> deleteNamespaces,
      Target target) {
    validate(cluster, override, target);
    List<Rc> out = new ArrayList<>();
    if (override != null && !override.isEmpty()) {
      props.putAll(override);
      out.add(
          withRefs(
              Rc.of(
                  RetCode.success(target.setMask(), RetCode.CREATED),
                  "Successfully set property key(s): " + String.join(",", override.keySet())),
              target.refs()));
    }
    List<String> deleted = new ArrayList<>();
    if (delete != null) {
      for (String key : delete) {
        props.remove(key);
        deleted.add(key);
      }
    }
    if (deleteNamespaces != null) {
      for (String ns : deleteNamespaces) {
        String prefix = ns.endsWith("/") ? ns : ns + "/";
        props.keySet().removeIf(k -> k.startsWith(prefix));
      }
    }
    if (!deleted.isEmpty()) {
      out.add(
          withRefs(
              Rc.of(
                  RetCode.success(target.deleteMask(), RetCode.DELETED),
                  "Successfully deleted property key(s): " + String.join(",", deleted)),
              target.refs()));
    }
    return out;
  }

  static Rc withRefs(Rc.Builder builder, Map<String, String> refs) {
    refs.forEach(builder::ref);
    return builder.build();
  }

  static Map<String, String> refs(String... keyValues) {
    Map<String, String> refs = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      refs.put(keyValues[i], keyValues[i + 1]);
    }
    return refs;
  }
}
