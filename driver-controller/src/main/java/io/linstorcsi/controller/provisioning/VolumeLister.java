package io.linstorcsi.controller.provisioning;

import io.linstorcsi.controller.consistency.Members;
import io.linstorcsi.controller.ids.VolumeId;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.ListFilter;
import io.linstorcsi.linstor.model.ResourceDefinition;
import io.linstorcsi.linstor.model.ResourceWithVolumes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** ListVolumes and ControllerGetVolume: volumes with their health and attachments. */
public final class VolumeLister {
  private VolumeLister() {}

  /** A volume and its status. */
  public record Listed(VolumeInfo volume, VolumeStatus status) {}

  /** Every CSI volume, sorted by id so that page offsets stay stable. Two calls. */
  public static List<Listed> all(LinstorClient client) {
    List<ResourceDefinition> rds = client.resourceDefinitions().list(ListFilter.all(), true);
    Map<String, List<ResourceWithVolumes>> byName = new HashMap<>();
    for (ResourceWithVolumes r : client.resources().view(ListFilter.all())) {
      byName
          .computeIfAbsent(r.name().toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>())
          .add(r);
    }
    List<Listed> result = new ArrayList<>();
    for (ResourceDefinition rd : rds) {
      // a consistency group's definition holds one volume per member; any other holds volume 0
      Set<Integer> numbers = Members.of(rd).keySet();
      for (int number : numbers.isEmpty() ? Set.of(0) : numbers) {
        VolumeInfo info = VolumeLookup.info(rd, new VolumeId(rd.name(), number));
        if (info.exists()) {
          List<ResourceWithVolumes> res =
              byName.getOrDefault(rd.name().toLowerCase(java.util.Locale.ROOT), List.of());
          result.add(new Listed(info, VolumeStatus.of(res)));
        }
      }
    }
    result.sort(Comparator.comparing(l -> l.volume().id().toString()));
    return result;
  }

  /** One volume's status; empty when it does not exist. Two calls. */
  public static java.util.Optional<Listed> one(LinstorClient client, VolumeId id) {
    return VolumeLookup.find(client, id)
        .map(
            info ->
                new Listed(
                    info,
                    VolumeStatus.of(
                        client
                            .resources()
                            .view(ListFilter.all().resources(id.resourceName()))
                            .stream()
                            .filter(r -> r.name().equalsIgnoreCase(id.resourceName()))
                            .toList())));
  }
}
