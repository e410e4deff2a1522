package io.linstorcsi.linstor;

import io.linstorcsi.linstor.error.ApiCallRc;
import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.model.MaxVolumeSizes;
import io.linstorcsi.linstor.model.QuerySizeInfoRequest;
import io.linstorcsi.linstor.model.QuerySizeInfoResponse;
import io.linstorcsi.linstor.model.ResourceGroup;
import io.linstorcsi.linstor.model.ResourceGroupModify;
import io.linstorcsi.linstor.model.ResourceGroupSpawn;
import io.linstorcsi.linstor.model.VolumeGroup;
import java.util.List;

/** Resource groups, their volume groups, spawning and capacity queries. */
public final class ResourceGroupApi {
  private final Transport transport;
  private final PlacementDiagnosis diagnosis;

  ResourceGroupApi(Transport transport, PlacementDiagnosis diagnosis) {
    this.transport = transport;
    this.diagnosis = diagnosis;
  }

  /** {@code POST /v1/resource-groups}; AlreadyExists when the name is taken. */
  public List<ApiCallRc> create(ResourceGroup group) {
    return transport.write(ApiRequest.post("resource-groups.create", group, "resource-groups"));
  }

  public ResourceGroup get(String name) {
    return transport.get(
        ApiRequest.get("resource-groups.get", "resource-groups", name), ResourceGroup.class);
  }

  public List<ResourceGroup> list() {
    return transport.list(
        ApiRequest.get("resource-groups.list", "resource-groups"), ResourceGroup.class);
  }

  /** {@code PUT /v1/resource-groups/{rg}}. */
  public List<ApiCallRc> modify(String name, ResourceGroupModify modify) {
    return transport.write(
        ApiRequest.put("resource-groups.modify", modify, "resource-groups", name));
  }

  /**
   * {@code DELETE /v1/resource-groups/{rg}}. InUse while definitions belong to it; an absent group
   * is a success with WARN_NOT_FOUND among the replies.
   */
  public List<ApiCallRc> delete(String name) {
    return transport.write(ApiRequest.delete("resource-groups.delete", "resource-groups", name));
  }

  /**
   * {@code POST /v1/resource-groups/{rg}/spawn}: a definition with its volumes, placed by the
   * group's rules unless {@code definitions_only}. InsufficientSpace when nodes qualify but their
   * pools are too small, Invalid when too few nodes qualify.
   */
  public List<ApiCallRc> spawn(String name, ResourceGroupSpawn spawn) {
    try {
      return transport.write(
          ApiRequest.post("resource-groups.spawn", spawn, "resource-groups", name, "spawn"));
    } catch (LinstorException e) {
      throw diagnosis.refine(
          e, () -> PlacementDiagnosis.overlay(get(name).selectFilter(), spawn.selectFilter()));
    }
  }

  public List<VolumeGroup> volumeGroups(String name) {
    return transport.list(
        ApiRequest.get("resource-groups.volume-groups", "resource-groups", name, "volume-groups"),
        VolumeGroup.class);
  }

  public VolumeGroup volumeGroup(String name, int volumeNumber) {
    return transport.get(
        ApiRequest.get(
            "resource-groups.volume-group",
            "resource-groups",
            name,
            "volume-groups",
            Integer.toString(volumeNumber)),
        VolumeGroup.class);
  }

  /** {@code POST /v1/resource-groups/{rg}/volume-groups}; AlreadyExists for a taken number. */
  public List<ApiCallRc> createVolumeGroup(String name, VolumeGroup group) {
    return transport.write(
        ApiRequest.post(
            "resource-groups.create-volume-group",
            group,
            "resource-groups",
            name,
            "volume-groups"));
  }

  /** {@code GET /v1/resource-groups/{rg}/query-max-volume-size}. */
  public MaxVolumeSizes queryMaxVolumeSize(String name) {
    return transport.get(
        ApiRequest.get(
            "resource-groups.query-max-volume-size",
            "resource-groups",
            name,
            "query-max-volume-size"),
        MaxVolumeSizes.class);
  }

  /**
   * {@code POST /v1/resource-groups/{rg}/query-size-info}. LINSTOR reports an unknown group as HTTP
   * 200 with an error in {@code reports}; that becomes NotFound here.
   */
  public QuerySizeInfoResponse querySizeInfo(String name, QuerySizeInfoRequest request) {
    return transport.exchange(
        ApiRequest.post(
            "resource-groups.query-size-info",
            request == null ? QuerySizeInfoRequest.of(null) : request,
            "resource-groups",
            name,
            "query-size-info"),
        QuerySizeInfoResponse.class,
        QuerySizeInfoResponse::reports);
  }
}
