package io.linstorcsi.linstor;

import io.linstorcsi.linstor.error.ApiCallRc;
import io.linstorcsi.linstor.model.VolumeDefinition;
import io.linstorcsi.linstor.model.VolumeDefinitionCreate;
import io.linstorcsi.linstor.model.VolumeDefinitionModify;
import java.util.List;

/** Volume definitions: the numbered volumes of a resource definition and their sizes. */
public final class VolumeDefinitionApi {
  private final Transport transport;

  VolumeDefinitionApi(Transport transport) {
    this.transport = transport;
  }

  /** {@code POST .../volume-definitions}; AlreadyExists for a taken number. */
  public List<ApiCallRc> create(String resourceDefinition, VolumeDefinitionCreate create) {
    return transport.write(
        ApiRequest.post(
            "volume-definitions.create",
            create,
            "resource-definitions",
            resourceDefinition,
            "volume-definitions"));
  }

  public List<ApiCallRc> create(String resourceDefinition, VolumeDefinition definition) {
    return create(resourceDefinition, VolumeDefinitionCreate.of(definition));
  }

  public List<VolumeDefinition> list(String resourceDefinition) {
    return transport.list(
        ApiRequest.get(
            "volume-definitions.list",
            "resource-definitions",
            resourceDefinition,
            "volume-definitions"),
        VolumeDefinition.class);
  }

  public VolumeDefinition get(String resourceDefinition, int volumeNumber) {
    return transport.get(
        ApiRequest.get(
            "volume-definitions.get",
            "resource-definitions",
            resourceDefinition,
            "volume-definitions",
            Integer.toString(volumeNumber)),
        VolumeDefinition.class);
  }

  /** {@code PUT .../volume-definitions/{nr}}. */
  public List<ApiCallRc> modify(
      String resourceDefinition, int volumeNumber, VolumeDefinitionModify modify) {
    return transport.write(
        ApiRequest.put(
            "volume-definitions.modify",
            modify,
            "resource-definitions",
            resourceDefinition,
            "volume-definitions",
            Integer.toString(volumeNumber)));
  }

  /** Sets the size in KiB; deployed volumes grow with it. */
  public List<ApiCallRc> resize(String resourceDefinition, int volumeNumber, long sizeKib) {
    return modify(resourceDefinition, volumeNumber, VolumeDefinitionModify.size(sizeKib));
  }

  /** {@code DELETE .../volume-definitions/{nr}}; an absent one is a success with WARN_NOT_FOUND. */
  public List<ApiCallRc> delete(String resourceDefinition, int volumeNumber) {
    return transport.write(
        ApiRequest.delete(
            "volume-definitions.delete",
            "resource-definitions",
            resourceDefinition,
            "volume-definitions",
            Integer.toString(volumeNumber)));
  }
}
