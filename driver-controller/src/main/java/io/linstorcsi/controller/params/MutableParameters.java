package io.linstorcsi.controller.params;

import io.linstorcsi.common.CsiError;
import java.util.Collections;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * The parameters a live volume may change (CSI 1.12 {@code mutable_parameters}, a Kubernetes
 * VolumeAttributesClass), validated with the same rules as a StorageClass.
 *
 * <p>Only what can change for one volume without touching the others of its class, and without
 * changing what Kubernetes recorded in the PV, is mutable:
 *
 * <ul>
 *   <li>{@code placementCount} (or its alias {@code autoPlace}): the number of diskful replicas;
 *   <li>{@code property.linstor.csi.linbit.com/<LINSTOR property>} and {@code DrbdOptions/...}: set
 *       on the volume's resource definition, where they override its resource group's.
 * </ul>
 *
 * Everything else is refused, notably {@code allowRemoteVolumeAccess}: the policy is written into
 * the PV's volume context and node affinity at creation, both of which Kubernetes never changes, so
 * the scheduler would go on placing pods by the old policy.
 *
 * @param placementCount the diskful replica count asked for; empty when not given
 * @param properties LINSTOR properties for the volume's resource definition
 */
public record MutableParameters(OptionalInt placementCount, Map<String, String> properties) {
  private static final Set<ParamKey> MUTABLE_KEYS =
      Set.of(ParamKey.PLACEMENT_COUNT, ParamKey.AUTO_PLACE);

  public MutableParameters {
    properties = Collections.unmodifiableMap(new TreeMap<>(properties));
  }

  /**
   * Parses {@code mutable_parameters}; a key that is unknown or may not change on a live volume is
   * INVALID_ARGUMENT naming it.
   */
  public static MutableParameters parse(Map<String, String> raw) {
    Map<String, String> given = raw == null ? Map.of() : raw;
    boolean countGiven = false;
    for (String key : new TreeMap<>(given).keySet()) {
      ParamKey driverKey = driverKey(key);
      if (driverKey != null && MUTABLE_KEYS.contains(driverKey)) {
        if (given.get(key) == null || given.get(key).isBlank()) {
          // A StorageClass reads an empty count as 1 (Go driver); on a live volume that would
          // silently drop replicas, so an empty value is refused instead.
          throw CsiError.invalidArgument(
              "parameter " + key + " must be a positive integer, got an empty value");
        }
        countGiven = true;
      } else if (!passesThrough(key)) {
        throw CsiError.invalidArgument(
            "parameter '"
                + key
                + (driverKey == null && inDriverNamespace(key)
                    ? "' is unknown"
                    : "' cannot be changed on an existing volume")
                + "; mutable are "
                + VolumeParameters.PARAMETER_NAMESPACE
                + "/"
                + ParamKey.PLACEMENT_COUNT.canonical()
                + ", "
                + VolumeParameters.PROPERTY_NAMESPACE
                + "/<LINSTOR property> and DrbdOptions/<option>");
      }
    }
    // The StorageClass parser checks the values, so both paths accept and refuse the same things.
    VolumeParameters parsed = VolumeParameters.parse(given);
    return new MutableParameters(
        countGiven ? OptionalInt.of(parsed.placementCount()) : OptionalInt.empty(),
        parsed.properties());
  }

  /** Nothing asked: a no-op modification. */
  public boolean isEmpty() {
    return placementCount.isEmpty() && properties.isEmpty();
  }

  private static ParamKey driverKey(String key) {
    int slash = key.indexOf('/');
    String namespace = slash < 0 ? "" : key.substring(0, slash);
    if (!namespace.isEmpty() && !namespace.equals(VolumeParameters.PARAMETER_NAMESPACE)) {
      return null;
    }
    return ParamKey.lookup(slash < 0 ? key : key.substring(slash + 1)).orElse(null);
  }

  private static boolean inDriverNamespace(String key) {
    return key.indexOf('/') < 0 || key.startsWith(VolumeParameters.PARAMETER_NAMESPACE + "/");
  }

  private static boolean passesThrough(String key) {
    return key.startsWith(VolumeParameters.PROPERTY_NAMESPACE + "/")
        || key.startsWith("DrbdOptions/");
  }
}
