package io.linstorcsi.linstor;

import io.linstorcsi.linstor.error.ApiCallRc;
import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.model.AutoPlaceRequest;
import io.linstorcsi.linstor.model.Resource;
import io.linstorcsi.linstor.model.ResourceCreate;
import io.linstorcsi.linstor.model.ResourceMakeAvailable;
import io.linstorcsi.linstor.model.ResourceModify;
import io.linstorcsi.linstor.model.ResourceWithVolumes;
import io.linstorcsi.linstor.model.SelectFilter;
import io.linstorcsi.linstor.model.Volume;
import java.util.List;

/** Resources: the replicas and diskless attachments of a resource definition on nodes. */
public final class ResourceApi {
  private final Transport transport;
  private final PlacementDiagnosis diagnosis;
  private final ResourceDefinitionApi definitions;
  private final ResourceGroupApi groups;

  ResourceApi(
      Transport transport,
      PlacementDiagnosis diagnosis,
      ResourceDefinitionApi definitions,
      ResourceGroupApi groups) {
    this.transport = transport;
    this.diagnosis = diagnosis;
    this.definitions = definitions;
    this.groups = groups;
  }

  /**
   * {@code POST .../resources} with a list body. A resource that exists already is a success
   * (INFO_RSC_ALREADY_EXISTS among the replies); a node that is offline gets it later
   * (WARN_NOT_CONNECTED).
   */
  public List<ApiCallRc> create(String resourceDefinition, List<ResourceCreate> resources) {
    return transport.write(
        ApiRequest.post(
            "resources.create",
            resources,
            "resource-definitions",
            resourceDefinition,
            "resources"));
  }

  public List<ApiCallRc> create(String resourceDefinition, ResourceCreate resource) {
    return create(resourceDefinition, List.of(resource));
  }

  /** A diskful resource on {@code node} in {@code storagePool}, with the definition's layers. */
  public List<ApiCallRc> create(String resourceDefinition, String node, String storagePool) {
    return create(resourceDefinition, ResourceCreate.diskful(node, storagePool, null));
  }

  /** {@code GET .../resources}; NotFound for an unknown definition. */
  public List<Resource> list(String resourceDefinition) {
    return transport.list(
        ApiRequest.get("resources.list", "resource-definitions", resourceDefinition, "resources"),
        Resource.class);
  }

  public Resource get(String resourceDefinition, String node) {
    return transport.get(
        ApiRequest.get(
            "resources.get", "resource-definitions", resourceDefinition, "resources", node),
        Resource.class);
  }

  /**
   * {@code GET /v1/view/resources}: resources with their volumes across definitions, filtered by
   * nodes, resources, storage pools and properties.
   */
  public List<ResourceWithVolumes> view(ListFilter filter) {
    ApiRequest request =
        ApiRequest.get("resources.view", "view", "resources")
            .query("nodes", filter.nodes())
            .query("resources", filter.resources())
            .query("storage_pools", filter.storagePools())
            .query("props", filter.props())
            .query("offset", filter.offset())
            .query("limit", filter.limit());
    return transport.list(request, ResourceWithVolumes.class);
  }

  /**
   * {@code POST .../autoplace}. Enough replicas already is a success (WARN_RSC_ALREADY_DEPLOYED
   * among the replies). InsufficientSpace when nodes qualify but their pools are too small, Invalid
   * when too few nodes qualify.
   */
  public List<ApiCallRc> autoplace(String resourceDefinition, AutoPlaceRequest request) {
    try {
      return transport.write(
          ApiRequest.post(
              "resources.autoplace",
              request,
              "resource-definitions",
              resourceDefinition,
              "autoplace"));
    } catch (LinstorException e) {
      throw diagnosis.refine(e, () -> effectiveFilter(resourceDefinition, request.selectFilter()));
    }
  }

  /**
   * {@code POST .../resources/{node}/make-available}: lets {@code node} access the resource,
   * diskless when DRBD allows and {@code diskful} is false. Nothing to do is a success.
   */
  public List<ApiCallRc> makeAvailable(String resourceDefinition, String node, boolean diskful) {
    return makeAvailable(resourceDefinition, node, ResourceMakeAvailable.of(diskful));
  }

  public List<ApiCallRc> makeAvailable(
      String resourceDefinition, String node, ResourceMakeAvailable request) {
    return transport.write(
        ApiRequest.post(
            "resources.make-available",
            request,
            "resource-definitions",
            resourceDefinition,
            "resources",
            node,
            "make-available"));
  }

  /** {@code PUT .../resources/{node}}: properties of one resource. */
  public List<ApiCallRc> modify(String resourceDefinition, String node, ResourceModify modify) {
    return transport.write(
        ApiRequest.put(
            "resources.modify",
            modify,
            "resource-definitions",
            resourceDefinition,
            "resources",
            node));
  }

  /**
   * {@code DELETE .../resources/{node}}. InUse while the resource is in use (DRBD Primary); an
   * absent resource is a success with WARN_NOT_FOUND.
   */
  public List<ApiCallRc> delete(String resourceDefinition, String node) {
    return transport.write(
        ApiRequest.delete(
            "resources.delete", "resource-definitions", resourceDefinition, "resources", node));
  }

  /** {@code GET .../resources/{node}/volumes}: the volumes with their device paths. */
  public List<Volume> volumes(String resourceDefinition, String node) {
    return transport.list(
        ApiRequest.get(
            "resources.volumes",
            "resource-definitions",
            resourceDefinition,
            "resources",
            node,
            "volumes"),
        Volume.class);
  }

  public Volume volume(String resourceDefinition, String node, int volumeNumber) {
    return transport.get(
        ApiRequest.get(
            "resources.volume",
            "resource-definitions",
            resourceDefinition,
            "resources",
            node,
            "volumes",
            Integer.toString(volumeNumber)),
        Volume.class);
  }

  /** The rules LINSTOR applied: the definition's group filter overlaid with the request's. */
  private SelectFilter effectiveFilter(String resourceDefinition, SelectFilter requested) {
    String group = definitions.get(resourceDefinition).resourceGroupName();
    SelectFilter base = group == null ? null : groups.get(group).selectFilter();
    return PlacementDiagnosis.overlay(base, requested);
  }
}
