package io.linstorcsi.controller.params;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.linstorcsi.common.CsiError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the raw StorageClass map into {@link VolumeParameters}, one key at a time. */
final class ParameterParser {
  private static final Logger log = LoggerFactory.getLogger(ParameterParser.class);
  private static final ObjectMapper YAML = YAMLMapper.builder().build();
  private static final String DRBD_OPTIONS = "DrbdOptions";
  private static final String FSTYPE_KEY = "csi.storage.k8s.io/fstype";
  private static final String PVC_NAME_KEY = "csi.storage.k8s.io/pvc/name";
  private static final String PVC_NAMESPACE_KEY = "csi.storage.k8s.io/pvc/namespace";

  private final String topologyPrefix;
  private final Map<ParamKey, ParamKey> givenAs = new EnumMap<>(ParamKey.class);

  private int placementCount = 1;
  private List<String> storagePools = List.of();
  private String disklessStoragePool = VolumeParameters.DEFAULT_DISKLESS_POOL;
  private RemoteAccessPolicy remoteAccess;
  private List<Layer> layerList = List.of(Layer.DRBD, Layer.STORAGE);
  private List<String> replicasOnSame = List.of();
  private List<String> replicasOnDifferent = List.of();
  private Map<String, Integer> xReplicasOnDifferent = Map.of();
  private String doNotPlaceWithRegex = "";
  private boolean disklessOnRemaining;
  private List<String> nodeList = List.of();
  private List<String> clientList = List.of();
  private PlacementPolicy placementPolicy = PlacementPolicy.AUTO_PLACE_TOPOLOGY;
  private boolean encryption;
  private String fsOpts = "";
  private String mountOpts = "";
  private String postMountXfsOpts = "";
  private String resourceGroup = "";
  private boolean usePvcName;
  private OptionalDouble overProvision = OptionalDouble.empty();
  private final Map<String, String> properties = new TreeMap<>();
  private String fsType = "";
  private String pvcName = "";
  private String pvcNamespace = "";

  ParameterParser(String topologyPrefix) {
    this.topologyPrefix = topologyPrefix;
  }

  VolumeParameters parse(Map<String, String> raw) {
    Map<ParamKey, String> driverKeys = new EnumMap<>(ParamKey.class);
    for (Map.Entry<String, String> e : new TreeMap<>(raw).entrySet()) {
      String key = e.getKey();
      String value = e.getValue() == null ? "" : e.getValue();
      int slash = key.indexOf('/');
      String namespace = slash < 0 ? "" : key.substring(0, slash);
      String rawKey = slash < 0 ? key : key.substring(slash + 1);
      switch (namespace) {
        case DRBD_OPTIONS -> properties.put(key, value);
        case VolumeParameters.PROPERTY_NAMESPACE -> properties.put(rawKey, value);
        case VolumeParameters.PARAMETER_NAMESPACE, "" -> {
          ParamKey k =
              ParamKey.lookup(rawKey)
                  .orElseThrow(
                      () ->
                          CsiError.invalidArgument(
                              "unknown StorageClass parameter '"
                                  + key
                                  + "'; known keys under "
                                  + VolumeParameters.PARAMETER_NAMESPACE
                                  + "/ are "
                                  + Arrays.stream(ParamKey.values())
                                      .map(ParamKey::canonical)
                                      .toList()));
          // autoPlace is an alias: both spellings fill the same slot
          ParamKey slot = k == ParamKey.AUTO_PLACE ? ParamKey.PLACEMENT_COUNT : k;
          givenAs.put(slot, k);
          String previous = driverKeys.put(slot, value);
          if (previous != null && !previous.equals(value)) {
            throw CsiError.invalidArgument(
                "parameter "
                    + name(slot)
                    + " is given twice with different values ('"
                    + previous
                    + "' and '"
                    + value
                    + "')");
          }
        }
        default -> readForeign(key, value);
      }
    }
    driverKeys.forEach(this::apply);
    return build();
  }

  private void readForeign(String key, String value) {
    switch (key) {
      case FSTYPE_KEY -> fsType = value;
      case PVC_NAME_KEY -> pvcName = value;
      case PVC_NAMESPACE_KEY -> pvcNamespace = value;
      default -> {
        // Other namespaces belong to sidecars or other tools (e.g. secret references).
      }
    }
  }

  private void apply(ParamKey key, String v) {
    switch (key) {
      case PLACEMENT_COUNT, AUTO_PLACE ->
          placementCount = positiveInt(givenAs.getOrDefault(key, key), v.isEmpty() ? "1" : v);
      case STORAGE_POOL -> storagePools = words(v);
      case DISKLESS_STORAGE_POOL -> disklessStoragePool = nonEmpty(key, v);
      case ALLOW_REMOTE_VOLUME_ACCESS ->
          remoteAccess =
              RemoteAccessPolicy.parse(v)
                  .orElseThrow(
                      () ->
                          bad(
                              key,
                              "must be true, false or a YAML list of '- fromSame: [keys]' rules",
                              v));
      case LAYER_LIST -> layerList = layers(key, v);
      case REPLICAS_ON_SAME -> replicasOnSame = withTopologyPrefix(words(v));
      case REPLICAS_ON_DIFFERENT -> replicasOnDifferent = withTopologyPrefix(words(v));
      case X_REPLICAS_ON_DIFFERENT -> xReplicasOnDifferent = xReplicas(key, v);
      case DO_NOT_PLACE_WITH_REGEX -> doNotPlaceWithRegex = regex(key, v);
      case DISKLESS_ON_REMAINING -> disklessOnRemaining = bool(key, v);
      case NODE_LIST -> nodeList = words(v);
      case CLIENT_LIST -> clientList = words(v);
      case PLACEMENT_POLICY ->
          placementPolicy =
              PlacementPolicy.fromName(v)
                  .orElseThrow(
                      () ->
                          bad(
                              key,
                              "must be one of AutoPlaceTopology, AutoPlace, FollowTopology, Manual,"
                                  + " Balanced",
                              v));
      case ENCRYPTION -> encryption = bool(key, v);
      case FS_OPTS -> fsOpts = v;
      case MOUNT_OPTS -> mountOpts = v;
      case POST_MOUNT_XFS_OPTS -> postMountXfsOpts = v;
      case RESOURCE_GROUP -> resourceGroup = v;
      case USE_PVC_NAME -> usePvcName = bool(key, v);
      case OVER_PROVISION -> overProvision = OptionalDouble.of(positiveNumber(key, v));
      case SIZE_KIB ->
          log.warn(
              "StorageClass parameter {} has no effect; the CSI request sets the size", name(key));
      case NFS_CONFIG_TEMPLATE, NFS_SERVICE_NAME, NFS_SQUASH, NFS_RECOVERY_VOLUME_SIZE ->
          log.warn(
              "StorageClass parameter {} is accepted but ignored: RWX over NFS is not supported",
              name(key));
    }
  }

  private VolumeParameters build() {
    if (placementPolicy == PlacementPolicy.MANUAL && nodeList.isEmpty() && clientList.isEmpty()) {
      throw CsiError.invalidArgument(
          "parameter "
              + name(ParamKey.PLACEMENT_POLICY)
              + " is Manual, which needs "
              + name(ParamKey.NODE_LIST)
              + " or "
              + name(ParamKey.CLIENT_LIST));
    }
    checkCopiesCanReplicate();
    if (resourceGroup.isEmpty()) {
      // Named from the settings as given, before manual placement clears the autoplace ones (the
      // Go driver does it in this order, and the names must match).
      resourceGroup = spec().generatedName();
    }
    boolean networked = layerList.contains(Layer.DRBD) || layerList.contains(Layer.NVME);
    if (remoteAccess == null) {
      remoteAccess = networked ? RemoteAccessPolicy.ANYWHERE : RemoteAccessPolicy.LOCAL_ONLY;
    } else if (!networked && !remoteAccess.isLocalOnly()) {
      // Without DRBD or NVMe no node can reach another node's disk: the volume is usable only
      // where its one copy is, whatever the StorageClass allows, and its topology must say so.
      log.warn(
          "StorageClass parameter {} has no effect with {} {}: the volume is usable only on the"
              + " node holding its data",
          name(ParamKey.ALLOW_REMOTE_VOLUME_ACCESS),
          name(ParamKey.LAYER_LIST),
          layerList);
      remoteAccess = RemoteAccessPolicy.LOCAL_ONLY;
    }
    if (!nodeList.isEmpty() || !clientList.isEmpty()) {
      // Explicit node lists replace every autoplace setting.
      placementCount = 0;
      replicasOnSame = List.of();
      replicasOnDifferent = List.of();
      doNotPlaceWithRegex = "";
      placementPolicy = PlacementPolicy.MANUAL;
    }
    return new VolumeParameters(
        placementCount,
        storagePools,
        disklessStoragePool,
        remoteAccess,
        layerList,
        replicasOnSame,
        replicasOnDifferent,
        xReplicasOnDifferent,
        doNotPlaceWithRegex,
        disklessOnRemaining,
        nodeList,
        clientList,
        placementPolicy,
        encryption,
        fsOpts,
        mountOpts,
        postMountXfsOpts,
        resourceGroup,
        usePvcName,
        overProvision,
        properties,
        fsType,
        pvcName,
        pvcNamespace);
  }

  /**
   * More than one diskful copy is only a replica when DRBD keeps the copies in sync. Without it
   * LINSTOR makes independent volumes, each formatted on its own, and a pod moved to another copy's
   * node silently sees other (empty) data. A diskless attachment needs DRBD or NVMe too. The stack
   * checked is the one LINSTOR will use: this layerList, or without one the default DRBD-on-STORAGE
   * stack (LINSTOR's own default, linstor-server
   * controller/.../layer/resource/CtrlRscLayerDataFactory.java createDefaultStack), which the
   * driver writes to the resource group's select filter either way.
   */
  private void checkCopiesCanReplicate() {
    if (layerList.contains(Layer.DRBD)) {
      return;
    }
    String stack = name(ParamKey.LAYER_LIST) + " '" + layerNames() + "'";
    if (!nodeList.isEmpty() || !clientList.isEmpty()) {
      if (nodeList.size() > 1) {
        throw independentCopies(name(ParamKey.NODE_LIST), nodeList.size() + " nodes", stack);
      }
      if (!clientList.isEmpty() && !layerList.contains(Layer.NVME)) {
        throw CsiError.invalidArgument(
            "parameter "
                + name(ParamKey.CLIENT_LIST)
                + " asks for diskless nodes, but "
                + stack
                + " has neither drbd nor nvme, so LINSTOR would give each of them its own"
                + " independent, empty disk; add drbd to the layer list or drop the client list");
      }
      return;
    }
    if (placementCount > 1) {
      ParamKey given = givenAs.getOrDefault(ParamKey.PLACEMENT_COUNT, ParamKey.PLACEMENT_COUNT);
      throw independentCopies(name(given), String.valueOf(placementCount), stack);
    }
    if (disklessOnRemaining && !layerList.contains(Layer.NVME)) {
      throw CsiError.invalidArgument(
          "parameter "
              + name(ParamKey.DISKLESS_ON_REMAINING)
              + " asks for diskless resources on the other nodes, but "
              + stack
              + " has neither drbd nor nvme, so LINSTOR would give each of them its own"
              + " independent, empty disk; add drbd to the layer list or set it to false");
    }
  }

  private static CsiError independentCopies(String key, String count, String stack) {
    return CsiError.invalidArgument(
        "parameter "
            + key
            + " asks for "
            + count
            + " diskful copies, but "
            + stack
            + " has no drbd layer to keep them in sync: LINSTOR would make independent volumes"
            + " and a pod moved to another copy would see different, empty data; add drbd to the"
            + " layer list (e.g. 'drbd storage') or ask for one copy");
  }

  private String layerNames() {
    return String.join(
        " ", layerList.stream().map(l -> l.name().toLowerCase(java.util.Locale.ROOT)).toList());
  }

  private ResourceGroupSpec spec() {
    return new ResourceGroupSpec(
        placementCount,
        storagePools,
        replicasOnSame,
        replicasOnDifferent,
        xReplicasOnDifferent,
        layerList,
        doNotPlaceWithRegex,
        disklessOnRemaining,
        properties);
  }

  private static String name(ParamKey key) {
    return VolumeParameters.PARAMETER_NAMESPACE + "/" + key.canonical();
  }

  private static CsiError bad(ParamKey key, String expectation, String value) {
    return CsiError.invalidArgument(
        "parameter " + name(key) + " " + expectation + ", got '" + value + "'");
  }

  private static int positiveInt(ParamKey key, String v) {
    try {
      int n = Integer.parseInt(v.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad(key, "must be a positive integer", v);
  }

  private static double positiveNumber(ParamKey key, String v) {
    try {
      double d = Double.parseDouble(v.trim());
      if (d > 0 && Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad(key, "must be a positive number", v);
  }

  private static boolean bool(ParamKey key, String v) {
    return GoBool.parse(v).orElseThrow(() -> bad(key, "must be true or false", v));
  }

  private static String nonEmpty(ParamKey key, String v) {
    if (v.isBlank()) {
      throw bad(key, "must not be empty", v);
    }
    return v.trim();
  }

  private static String regex(ParamKey key, String v) {
    try {
      Pattern.compile(v);
      return v;
    } catch (PatternSyntaxException e) {
      throw bad(key, "must be a valid regular expression (" + e.getDescription() + ")", v);
    }
  }

  private static List<String> words(String v) {
    String trimmed = v.trim();
    return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
  }

  private static List<Layer> layers(ParamKey key, String v) {
    List<String> names = words(v);
    if (names.isEmpty()) {
      throw bad(key, "must list at least one layer", v);
    }
    List<Layer> result = new ArrayList<>();
    for (String n : names) {
      result.add(
          Layer.fromName(n)
              .orElseThrow(
                  () ->
                      bad(
                          key,
                          "must be space-separated layers out of "
                              + Arrays.stream(Layer.values())
                                  .map(l -> l.name().toLowerCase(java.util.Locale.ROOT))
                                  .toList(),
                          v)));
    }
    return result;
  }

  private Map<String, Integer> xReplicas(ParamKey key, String v) {
    Map<String, Object> parsed;
    try {
      parsed = YAML.readValue(v, new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (JsonProcessingException | ClassCastException e) {
      throw bad(key, "must be a YAML map of property to count, like 'zone: 2'", v);
    }
    if (parsed == null || parsed.isEmpty()) {
      throw bad(key, "must be a YAML map of property to count, like 'zone: 2'", v);
    }
    Map<String, Integer> result = new TreeMap<>();
    for (Map.Entry<String, Object> e : parsed.entrySet()) {
      if (!(e.getValue() instanceof Integer count) || count <= 0) {
        throw bad(key, "must map each property to a positive integer, like 'zone: 2'", v);
      }
      result.put(withTopologyPrefix(List.of(e.getKey())).get(0), count);
    }
    return result;
  }

  private List<String> withTopologyPrefix(List<String> props) {
    return props.stream().map(p -> p.startsWith("Aux/") ? p : topologyPrefix + "/" + p).toList();
  }
}
