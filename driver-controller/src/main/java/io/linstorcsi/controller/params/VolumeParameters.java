package io.linstorcsi.controller.params;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The validated StorageClass parameters of one volume. Build it with {@link #parse(Map)}; every
 * malformed or unknown driver key is reported as INVALID_ARGUMENT naming the key.
 *
 * @param placementCount diskful replicas in total (0 with manual placement)
 * @param storagePools pools for diskful replicas; empty lets LINSTOR choose
 * @param disklessStoragePool pool for diskless resources
 * @param remoteAccess from where the volume may be used without a local replica
 * @param layerList the device layer stack, top first
 * @param replicasOnSame autoplace: aux properties all replicas share (namespace prefix added)
 * @param replicasOnDifferent autoplace: aux properties the replicas differ in
 * @param xReplicasOnDifferent autoplace: at most N replicas per value of the property
 * @param doNotPlaceWithRegex autoplace: avoid nodes holding resources matching this regex
 * @param disklessOnRemaining autoplace: diskless resources on all other nodes
 * @param nodeList manual placement: diskful nodes
 * @param clientList manual placement: diskless nodes
 * @param placementPolicy the placement strategy
 * @param encryption LUKS encryption requested (the layer list decides; kept for compatibility)
 * @param fsOpts extra mkfs arguments
 * @param mountOpts extra mount options, comma separated
 * @param postMountXfsOpts xfs_io command run after mounting
 * @param resourceGroup the LINSTOR resource group (given, or derived from the settings)
 * @param usePvcName name the LINSTOR resource after the PVC when its coordinates are known
 * @param overProvision reported capacity = total * factor - reserved, when set
 * @param properties LINSTOR properties set on the resource group
 * @param fsType file system type from {@code csi.storage.k8s.io/fstype}; empty when not given
 * @param pvcName PVC name from {@code csi.storage.k8s.io/pvc/name}; empty when not given
 * @param pvcNamespace PVC namespace from {@code csi.storage.k8s.io/pvc/namespace}
 */
public record VolumeParameters(
    int placementCount,
    List<String> storagePools,
    String disklessStoragePool,
    RemoteAccessPolicy remoteAccess,
    List<Layer> layerList,
    List<String> replicasOnSame,
    List<String> replicasOnDifferent,
    Map<String, Integer> xReplicasOnDifferent,
    String doNotPlaceWithRegex,
    boolean disklessOnRemaining,
    List<String> nodeList,
    List<String> clientList,
    PlacementPolicy placementPolicy,
    boolean encryption,
    String fsOpts,
    String mountOpts,
    String postMountXfsOpts,
    String resourceGroup,
    boolean usePvcName,
    OptionalDouble overProvision,
    Map<String, String> properties,
    String fsType,
    String pvcName,
    String pvcNamespace) {

  /** Driver parameter namespace. */
  public static final String PARAMETER_NAMESPACE = "linstor.csi.linbit.com";

  /** Namespace whose keys pass through as LINSTOR properties. */
  public static final String PROPERTY_NAMESPACE = "property.linstor.csi.linbit.com";

  /** Default namespace of node properties that become topology labels. */
  public static final String DEFAULT_TOPOLOGY_PREFIX = "Aux";

  public static final String DEFAULT_DISKLESS_POOL = "DfltDisklessStorPool";

  public VolumeParameters {
    storagePools = List.copyOf(storagePools);
    layerList = List.copyOf(layerList);
    replicasOnSame = List.copyOf(replicasOnSame);
    replicasOnDifferent = List.copyOf(replicasOnDifferent);
    xReplicasOnDifferent = Collections.unmodifiableMap(new TreeMap<>(xReplicasOnDifferent));
    nodeList = List.copyOf(nodeList);
    clientList = List.copyOf(clientList);
    properties = Collections.unmodifiableMap(new TreeMap<>(properties));
  }

  /** Parses with the default topology prefix {@code Aux}. */
  public static VolumeParameters parse(Map<String, String> raw) {
    return parse(raw, DEFAULT_TOPOLOGY_PREFIX);
  }

  /**
   * Parses StorageClass parameters. {@code topologyPrefix} is the LINSTOR property namespace of
   * node labels (the driver's {@code --property-namespace}); it is prepended to the keys of the
   * replicasOn* settings unless they already start with {@code Aux/}.
   */
  public static VolumeParameters parse(Map<String, String> raw, String topologyPrefix) {
    return new ParameterParser(topologyPrefix).parse(raw == null ? Map.of() : raw);
  }

  /** The resource group settings these parameters ask for. */
  public ResourceGroupSpec resourceGroupSpec() {
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

  public boolean hasLayer(Layer layer) {
    return layerList.contains(layer);
  }

  /**
   * The resource flag that makes a diskless resource: that of the top-most layer able to serve data
   * without a local disk; empty when no layer can.
   */
  public Optional<String> disklessFlag() {
    for (Layer l : layerList) {
      if (l == Layer.DRBD) {
        return Optional.of("DRBD_DISKLESS");
      }
      if (l == Layer.NVME) {
        return Optional.of("NVME_INITIATOR");
      }
    }
    return Optional.empty();
  }

  /** Mount options as a list (the parameter is comma separated, fstab style). */
  public List<String> mountOptionList() {
    if (mountOpts.isEmpty()) {
      return List.of();
    }
    return List.of(mountOpts.split(","));
  }
}
