package io.linstorcsi.linstor;

import io.linstorcsi.linstor.error.ApiCallRc;
import io.linstorcsi.linstor.model.ResourceDefinition;
import io.linstorcsi.linstor.model.ResourceDefinitionCloneRequest;
import io.linstorcsi.linstor.model.ResourceDefinitionCloneStarted;
import io.linstorcsi.linstor.model.ResourceDefinitionCloneStatus;
import io.linstorcsi.linstor.model.ResourceDefinitionCreate;
import io.linstorcsi.linstor.model.ResourceDefinitionModify;
import io.linstorcsi.linstor.model.ResourceDefinitionSyncStatus;
import java.util.List;
import java.util.Map;

/** Resource definitions: create, read, properties, delete, clone. */
public final class ResourceDefinitionApi {
  private final Transport transport;

  ResourceDefinitionApi(Transport transport) {
    this.transport = transport;
  }

  /** {@code POST /v1/resource-definitions}; AlreadyExists when the name is taken. */
  public List<ApiCallRc> create(ResourceDefinitionCreate create) {
    return transport.write(
        ApiRequest.post("resource-definitions.create", create, "resource-definitions"));
  }

  public List<ApiCallRc> create(ResourceDefinition definition) {
    return create(ResourceDefinitionCreate.of(definition));
  }

  public ResourceDefinition get(String name) {
    return transport.get(
        ApiRequest.get("resource-definitions.get", "resource-definitions", name),
        ResourceDefinition.class);
  }

  public List<ResourceDefinition> list() {
    return list(ListFilter.all(), false);
  }

  /**
   * {@code GET /v1/resource-definitions}, filtered by names ({@link ListFilter#resources}) and
   * properties; with {@code withVolumeDefinitions} each carries its volume definitions.
   */
  public List<ResourceDefinition> list(ListFilter filter, boolean withVolumeDefinitions) {
    ApiRequest request =
        ApiRequest.get("resource-definitions.list", "resource-definitions")
            .query("resource_definitions", filter.resources())
            .query("props", filter.props())
            .query("with_volume_definitions", withVolumeDefinitions ? "true" : null)
            .query("offset", filter.offset())
            .query("limit", filter.limit());
    return transport.list(request, ResourceDefinition.class);
  }

  /** {@code PUT /v1/resource-definitions/{rd}}. */
  public List<ApiCallRc> modify(String name, ResourceDefinitionModify modify) {
    return transport.write(
        ApiRequest.put("resource-definitions.modify", modify, "resource-definitions", name));
  }

  /** Sets and deletes properties; keys outside the whitelist (and {@code Aux/}) are Invalid. */
  public List<ApiCallRc> modifyProps(String name, Map<String, String> set, List<String> delete) {
    return modify(name, ResourceDefinitionModify.props(set, delete));
  }

  /**
   * {@code DELETE /v1/resource-definitions/{rd}} with its volume definitions and resources. InUse
   * while snapshots exist; an absent definition is a success with WARN_NOT_FOUND.
   */
  public List<ApiCallRc> delete(String name) {
    return transport.write(
        ApiRequest.delete("resource-definitions.delete", "resource-definitions", name));
  }

  /**
   * {@code POST /v1/resource-definitions/{rd}/clone}: starts copying {@code source} into a new
   * definition; poll {@link #cloneStatus}. Not every storage provider can clone (LINSTOR refuses
   * FILE and FILE_THIN with FAIL_INVLD_PROVIDER, Invalid here).
   */
  public ResourceDefinitionCloneStarted clone(
      String source, ResourceDefinitionCloneRequest request) {
    return transport.exchange(
        ApiRequest.post(
            "resource-definitions.clone", request, "resource-definitions", source, "clone"),
        ResourceDefinitionCloneStarted.class,
        ResourceDefinitionCloneStarted::messages);
  }

  /** {@code GET /v1/resource-definitions/{rd}/clone/{clone}}; NotFound for an unknown clone. */
  public ResourceDefinitionCloneStatus cloneStatus(String source, String clone) {
    return transport.get(
        ApiRequest.get(
            "resource-definitions.clone-status", "resource-definitions", source, "clone", clone),
        ResourceDefinitionCloneStatus.class);
  }

  /** {@code GET /v1/resource-definitions/{rd}/sync-status}: true once every replica is in sync. */
  public ResourceDefinitionSyncStatus syncStatus(String name) {
    return transport.get(
        ApiRequest.get(
            "resource-definitions.sync-status", "resource-definitions", name, "sync-status"),
        ResourceDefinitionSyncStatus.class);
  }
}
