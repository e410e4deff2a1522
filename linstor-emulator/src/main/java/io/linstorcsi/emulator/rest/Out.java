package io.linstorcsi.emulator.rest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.linstorcsi.emulator.rc.Rc;
import java.util.List;
import java.util.Map;

/**
 * Response bodies of REST v1. Field names and order follow the recorded controller; null and empty
 * fields are left out by the mapper, as the controller's generated types do.
 */
final class Out {
  private Out() {}

  record NetInterface(
      String name,
      String address,
      Integer satellitePort,
      String satelliteEncryptionType,
      Boolean isActive,
      String uuid) {}

  record Node(
      String name,
      String type,
      List<String> flags,
      Map<String, String> props,
      List<NetInterface> netInterfaces,
      String connectionStatus,
      String uuid,
      List<String> storageProviders,
      List<String> resourceLayers,
      Map<String, List<String>> unsupportedProviders,
      Map<String, List<String>> unsupportedLayers,
      Long evictionTimestamp) {}

  record StoragePool(
      String storagePoolName,
      String nodeName,
      String providerKind,
      Map<String, String> props,
      Map<String, String> staticTraits,
      Long freeCapacity,
      Long totalCapacity,
      String freeSpaceMgrName,
      String uuid,
      List<Rc> reports,
      Boolean supportsSnapshots,
      Boolean externalLocking) {}

  record StoragePoolDefinition(String storagePoolName, Map<String, String> props) {}

  record SelectFilter(
      Integer placeCount,
      String storagePool,
      List<String> storagePoolList,
      List<String> notPlaceWithRsc,
      String notPlaceWithRscRegex,
      List<String> replicasOnSame,
      List<String> replicasOnDifferent,
      Map<String, Integer> xReplicasOnDifferentMap,
      List<String> layerStack,
      List<String> providerList,
      Boolean disklessOnRemaining) {}

  record ResourceGroup(
      String name,
      String description,
      Map<String, String> props,
      SelectFilter selectFilter,
      String uuid,
      Integer peerSlots) {}

  record VolumeGroup(
      Integer volumeNumber, Map<String, String> props, String uuid, List<String> flags) {}

  record DrbdResourceDefinition(
      String resourceNameSuffix,
      Integer peerSlots,
      Integer alStripes,
      Long alStripeSizeKib,
      Integer port,
      String transportType,
      String secret,
      Boolean down) {}

  record ResourceDefinitionLayer(String type, DrbdResourceDefinition data) {}

  record DrbdVolumeDefinition(
      String resourceNameSuffix, Integer volumeNumber, Integer minorNumber) {}

  record VolumeDefinitionLayer(String type, DrbdVolumeDefinition data) {}

  @JsonPropertyOrder({"volume_number", "size_kib", "props", "flags", "layer_data", "uuid"})
  record VolumeDefinition(
      Integer volumeNumber,
      long sizeKib,
      Map<String, String> props,
      List<String> flags,
      List<VolumeDefinitionLayer> layerData,
      String uuid) {}

  record ResourceDefinition(
      String name,
      String externalName,
      Map<String, String> props,
      List<String> flags,
      List<ResourceDefinitionLayer> layerData,
      String uuid,
      String resourceGroupName,
      List<VolumeDefinition> volumeDefinitions) {}

  record DrbdConnection(Boolean connected, String message) {}

  record DrbdVolume(
      DrbdVolumeDefinition drbdVolumeDefinition,
      String devicePath,
      String backingDevice,
      String metaDisk,
      Long allocatedSizeKib,
      Long usableSizeKib,
      String diskState,
      String extMetaStorPool) {}

  record DrbdResource(
      DrbdResourceDefinition drbdResourceDefinition,
      Integer nodeId,
      List<Integer> tcpPorts,
      Integer peerSlots,
      Integer alStripes,
      Long alSize,
      List<String> flags,
      List<DrbdVolume> drbdVolumes,
      Map<String, DrbdConnection> connections,
      Integer promotionScore,
      Boolean mayPromote) {}

  record StorageVolume(
      Integer volumeNumber,
      String devicePath,
      Long allocatedSizeKib,
      Long usableSizeKib,
      String diskState) {}

  record StorageResource(List<StorageVolume> storageVolumes) {}

  record ResourceLayer(
      List<ResourceLayer> children,
      String resourceNameSuffix,
      String type,
      DrbdResource drbd,
      StorageResource storage) {}

  record ResourceState(Boolean inUse) {}

  record ReplicationState(String replicationState, Double donePercentage) {}

  record VolumeState(String diskState, Map<String, ReplicationState> replicationStates) {}

  record VolumeLayer(String type, Object data) {}

  record Volume(
      Integer volumeNumber,
      String storagePoolName,
      String providerKind,
      String devicePath,
      Long allocatedSizeKib,
      Long usableSizeKib,
      Map<String, String> props,
      List<String> flags,
      VolumeState state,
      List<VolumeLayer> layerDataList,
      String uuid,
      List<Rc> reports) {}

  record Resource(
      String name,
      String nodeName,
      Map<String, String> props,
      List<String> flags,
      ResourceLayer layerObject,
      ResourceState state,
      String uuid,
      Long createTimestamp,
      List<Volume> volumes) {}

  record SnapshotVolumeDefinition(
      Integer volumeNumber, Long sizeKib, Map<String, String> volumeDefinitionProps) {}

  record SnapshotVolumeNode(String uuid, Integer vlmNr) {}

  record SnapshotNode(
      String snapshotName,
      String nodeName,
      Long createTimestamp,
      List<String> flags,
      String uuid,
      Map<String, String> resourceProps,
      List<SnapshotVolumeNode> snapshotVolumes) {}

  record Snapshot(
      String name,
      String resourceName,
      List<String> nodes,
      Map<String, String> props,
      Map<String, String> snapshotDefinitionProps,
      Map<String, String> resourceDefinitionProps,
      List<String> flags,
      List<SnapshotVolumeDefinition> volumeDefinitions,
      String uuid,
      List<SnapshotNode> snapshots) {}

  record ControllerVersion(
      String version, String gitHash, String buildTime, String restApiVersion) {}

  record Candidate(
      String storagePool, Long maxVolumeSizeKib, List<String> nodeNames, Boolean allThin) {}

  record MaxVolumeSizes(List<Candidate> candidates, Double defaultMaxOversubscriptionRatio) {}

  record SpawnResult(String nodeName, String storPoolName, Double storPoolOversubscriptionRatio) {}

  @JsonPropertyOrder({
    "max_vlm_size_in_kib",
    "available_size_in_kib",
    "capacity_in_kib",
    "default_max_oversubscription_ratio",
    "next_spawn_result"
  })
  record SpaceInfo(
      long maxVlmSizeInKib,
      Long availableSizeInKib,
      Long capacityInKib,
      Double defaultMaxOversubscriptionRatio,
      List<SpawnResult> nextSpawnResult) {}

  record QuerySizeInfo(SpaceInfo spaceInfo, List<Rc> reports) {}

  record CloneStarted(String location, String sourceName, String cloneName, List<Rc> messages) {}

  record CloneStatus(String status) {}

  record SyncStatus(boolean syncedOnAll) {}

  /** linstor-server never serialises the keys (rest/v1/serializer/Json.java apiToS3Remote). */
  @JsonPropertyOrder({"remote_name", "endpoint", "bucket", "region", "use_path_style"})
  record S3Remote(
      String remoteName, String endpoint, String bucket, String region, boolean usePathStyle) {}

  /** The passphrase is never serialised (Json.java apiToLinstorRemote). */
  record LinstorRemote(String remoteName, String url, String clusterId) {}

  record RemoteList(
      List<S3Remote> s3Remotes, List<LinstorRemote> linstorRemotes, List<Object> ebsRemotes) {}

  record BackupVolumeS3(String key) {}

  record BackupVolume(Long vlmNr, String finishedTime, Long finishedTimestamp, BackupVolumeS3 s3) {}

  record BackupS3(String metaName) {}

  record Backup(
      String id,
      String startTime,
      Long startTimestamp,
      String finishedTime,
      Long finishedTimestamp,
      String originRsc,
      String originSnap,
      String originNode,
      String failMessages,
      List<BackupVolume> vlms,
      Boolean success,
      Boolean shipping,
      Boolean restorable,
      BackupS3 s3,
      String basedOnId) {}

  record BackupOther(List<String> files) {}

  record BackupList(Map<String, Backup> linstor, BackupOther other) {}

  record BackupInfoVolume(
      String name, String layerType, Long dlSizeKib, Long allocSizeKib, Long usableSizeKib) {}

  record BackupInfoStorPool(
      String name,
      String providerKind,
      String targetName,
      Long remainingSpaceKib,
      List<BackupInfoVolume> vlms) {}

  @JsonPropertyOrder({
    "rsc",
    "full",
    "snap",
    "latest",
    "count",
    "dl_size_kib",
    "alloc_size_kib",
    "storpools"
  })
  record BackupInfo(
      String rsc,
      String full,
      String snap,
      String latest,
      Integer count,
      long dlSizeKib,
      long allocSizeKib,
      List<BackupInfoStorPool> storpools) {}

  record SnapQueue(
      String resourceName,
      String snapshotName,
      String remoteName,
      boolean incremental,
      String basedOn,
      long startTimestamp,
      String prefNode,
      List<NodeQueue> queue) {}

  record NodeQueue(String nodeName, List<SnapQueue> queue) {}

  record BackupQueues(List<NodeQueue> nodeQueues, List<SnapQueue> snapQueues) {}
}
