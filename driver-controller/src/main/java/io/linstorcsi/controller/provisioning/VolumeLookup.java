package io.linstorcsi.controller.provisioning;

import io.linstorcsi.controller.ids.VolumeId;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.ListFilter;
import io.linstorcsi.linstor.model.ResourceDefinition;
import io.linstorcsi.linstor.model.VolumeDefinition;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a volume's definition with its volume definitions in one call. */
public final class VolumeLookup {
  private VolumeLookup() {}

  public static Optional<ResourceDefinition> definition(LinstorClient client, String name) {
    List<ResourceDefinition> found =
        client.resourceDefinitions().list(ListFilter.all().resources(name), true);
    // LINSTOR names are case-insensitive, and some versions ignore the filter: check the name.
    return found.stream().filter(d -> name.equalsIgnoreCase(d.name())).findFirst();
  }

  /** The volume as the CO sees it; empty when absent, half-made or deleted. */
  public static Optional<VolumeInfo> find(LinstorClient client, VolumeId id) {
    return definition(client, id.resourceName()).map(d -> info(d, id)).filter(VolumeInfo::exists);
  }

  public static Optional<VolumeDefinition> volumeDefinition(ResourceDefinition d, int number) {
    if (d.volumeDefinitions() == null) {
      return Optional.empty();
    }
    return d.volumeDefinitions().stream()
        .filter(v -> v.volumeNumber() != null && v.volumeNumber() == number)
        .findFirst();
  }

  /** The volume view of a definition; size -1 when its volume definition is missing. */
  public static VolumeInfo info(ResourceDefinition d, VolumeId id) {
    Map<String, String> props = d.props() == null ? Map.of() : d.props();
    Optional<VolumeDefinition> vd = volumeDefinition(d, id.volumeNumber());
    long size = vd.map(v -> v.sizeKib() == null ? 0L : v.sizeKib() * 1024).orElse(-1L);
    String fsType = props.getOrDefault(Props.FS_TYPE, "");
    if (vd.isPresent() && vd.get().props() != null) {
      // The Go driver put the file system on the volume definition; that one wins.
      fsType = vd.get().props().getOrDefault(Props.FS_TYPE, fsType);
    }
    boolean complete =
        vd.isPresent()
            && props.getOrDefault(Props.COMPLETED_BY, "").startsWith(Props.DRIVER_PREFIX)
            && !props.containsKey(Props.IN_PROGRESS)
            && props.getOrDefault(Props.COMPLETED_FOR, d.name()).equalsIgnoreCase(d.name());
    boolean hidden = "true".equals(props.get(Props.DELETED)) || Resources.isDeleting(d.flags());
    return new VolumeInfo(
        id,
        size,
        d.resourceGroupName() == null ? "" : d.resourceGroupName(),
        fsType,
        complete,
        hidden,
        props);
  }
}
