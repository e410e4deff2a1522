package io.linstorcsi.emulator.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Request bodies of REST v1 as the published specification defines them. Every field the
 * specification lists is accepted; anything else is rejected, as the controller does.
 */
final class In {
  private In() {}

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
      Long evictionTimestamp,
      String platform,
      String osVariant) {}

  record PropsModify(
      Map<String, String> overrideProps, List<String> deleteProps, List<String> deleteNamespaces) {}

  record NodeModify(
      String nodeType,
      Map<String, String> overrideProps,
      List<String> deleteProps,
      List<String> deleteNamespaces) {}

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
      List<JsonNode> reports,
      Boolean supportsSnapshots,
      String sharedSpace,
      Boolean externalLocking) {}

  record AutoSelectFilter(
      Integer placeCount,
      Integer additionalPlaceCount,
      List<String> nodeNameList,
      String storagePool,
      List<String> storagePoolList,
      List<String> storagePoolDisklessList,
      List<String> notPlaceWithRsc,
      String notPlaceWithRscRegex,
      List<String> replicasOnSame,
      List<String> replicasOnDifferent,
      Map<String, Integer> xReplicasOnDifferentMap,
      List<String> layerStack,
      List<String> providerList,
      Boolean disklessOnRemaining,
      String disklessType,
      Double overprovision,
      Integer portCount) {}

  record ResourceGroup(
      String name,
      String description,
      Map<String, String> props,
      AutoSelectFilter selectFilter,
      String uuid,
      Integer peerSlots) {}

  record ResourceGroupModify(
      String description,
      Map<String, String> overrideProps,
      List<String> deleteProps,
      List<String> deleteNamespaces,
      AutoSelectFilter selectFilter,
      Integer peerSlots,
      List<String> snapNames,
      Boolean copyAllSnaps) {}

  record VolumeGroup(
      Integer volumeNumber, Map<String, String> props, String uuid, List<String> flags) {}

  record VolumeGroupModify(
      Map<String, String> overrideProps,
      List<String> flags,
      List<String> deleteProps,
      List<String> deleteNamespaces) {}

  record ResourceGroupSpawn(
      String resourceDefinitionName,
      String resourceDefinitionExternalName,
      List<Long> volumeSizes,
      AutoSelectFilter selectFilter,
      Boolean partial,
      Boolean definitionsOnly,
      Integer peerSlots,
      List<String> volumePassphrases,
      Map<String, String> resourceDefinitionProps) {}

  record QuerySizeInfoRequest(AutoSelectFilter selectFilter, Integer ignoreCacheOlderThanSec) {}

  record LayerData(String type, JsonNode data) {}

  record VolumeDefinition(
      Integer volumeNumber,
      Long sizeKib,
      Map<String, String> props,
      List<String> flags,
      List<LayerData> layerData,
      String uuid) {}

  record ResourceDefinition(
      String name,
      String externalName,
      Map<String, String> props,
      List<String> flags,
      List<LayerData> layerData,
      String uuid,
      String resourceGroupName,
      List<VolumeDefinition> volumeDefinitions) {}

  record ResourceDefinitionCreate(
      Integer drbdPort,
      String drbdSecret,
      Integer drbdPeerSlots,
      String drbdTransportType,
      ResourceDefinition resourceDefinition) {}

  record ResourceDefinitionModify(
      Map<String, String> overrideProps,
      List<String> deleteProps,
      List<String> deleteNamespaces,
      Integer drbdPort,
      Integer drbdPeerSlots,
      List<String> layerStack,
      String resourceGroup) {}

  record VolumeDefinitionCreate(
      VolumeDefinition volumeDefinition, Integer drbdMinorNumber, String passphrase) {}

  record VolumeDefinitionModify(
      Long sizeKib,
      Map<String, String> overrideProps,
      List<String> deleteProps,
      List<String> deleteNamespaces,
      List<String> flags) {}

  record Resource(
      String name,
      String nodeName,
      Map<String, String> props,
      JsonNode effectiveProps,
      List<String> flags,
      JsonNode layerObject,
      JsonNode state,
      String uuid,
      Long createTimestamp) {}

  record ResourceCreate(
      Resource resource,
      List<String> layerList,
      Integer drbdNodeId,
      Integer drbdTcpPortCount,
      List<Integer> drbdTcpPorts,
      List<String> snapNames,
      Boolean copyAllSnaps,
      Boolean drbdClient) {}

  record ResourceMakeAvailable(
      List<String> layerList,
      Boolean diskful,
      List<Integer> drbdTcpPorts,
      List<String> snapNames,
      Boolean copyAllSnaps) {}

  record ResourceModify(
      Map<String, String> overrideProps,
      List<String> deleteProps,
      List<String> deleteNamespaces,
      Boolean drbdTiebreaker,
      Boolean drbdClient) {}

  record AutoPlaceRequest(
      Boolean disklessOnRemaining,
      AutoSelectFilter selectFilter,
      List<String> layerList,
      List<String> snapNames,
      Boolean copyAllSnaps) {}

  record Snapshot(
      String name,
      String resourceName,
      List<String> nodes,
      Map<String, String> props,
      Map<String, String> snapshotDefinitionProps,
      Map<String, String> resourceDefinitionProps,
      List<String> flags,
      List<JsonNode> volumeDefinitions,
      String uuid,
      List<JsonNode> snapshots) {}

  record CreateMultiSnapshotRequest(List<Snapshot> snapshots) {}

  record SnapshotRestore(
      String toResource, List<String> nodes, Map<String, String> storPoolRename) {}

  record ResourceDefinitionCloneRequest(
      String name,
      String externalName,
      Boolean useZfsClone,
      List<String> layerList,
      List<String> volumePassphrases,
      String resourceGroup,
      Map<String, String> overrideProps,
      List<String> deleteProps,
      List<String> deleteNamespaces) {}

  record ControllerPropsModify(
      Map<String, String> overrideProps, List<String> deleteProps, List<String> deleteNamespaces) {}

  record S3Remote(
      String remoteName,
      String endpoint,
      String bucket,
      String region,
      String accessKey,
      String secretKey,
      Boolean usePathStyle) {}

  record LinstorRemote(String remoteName, String url, String passphrase, String clusterId) {}

  record BackupCreate(
      String rscName, String nodeName, String snapName, Boolean incremental, String dstSnapName) {}

  record BackupInfoRequest(
      String srcRscName,
      String srcSnapName,
      String lastBackup,
      Map<String, String> storPoolMap,
      String nodeName) {}

  record BackupRestore(
      String srcRscName,
      String srcSnapName,
      String lastBackup,
      Map<String, String> storPoolMap,
      String targetRscName,
      String passphrase,
      String nodeName,
      Boolean downloadOnly,
      Boolean forceRestore,
      String dstRscGrp,
      Boolean forceMvRscGrp) {}

  record BackupAbort(String rscName, Boolean restore, Boolean create, String snapshot) {}

  record BackupShip(
      String srcNodeName,
      String srcRscName,
      String dstRscName,
      String dstNodeName,
      String dstNetIfName,
      String dstStorPool,
      Map<String, String> storPoolRename,
      Boolean downloadOnly,
      Boolean forceRestore,
      Boolean allowIncremental,
      String dstRscGrp,
      Boolean forceMvRscGrp,
      String srcSnapName,
      String dstSnapName) {}
}
