package io.linstorcsi.controller.modify;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.controller.provisioning.Resources;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.ListFilter;
import io.linstorcsi.linstor.model.AutoPlaceRequest;
import io.linstorcsi.linstor.model.ResourceWithVolumes;
import io.linstorcsi.linstor.model.SelectFilter;
import io.linstorcsi.linstor.model.Volume;
import java.util.List;
import java.util.stream.Collectors;

/** Brings a volume to a number of diskful replicas, adding or safely removing them. */
final class ReplicaCount {
  private ReplicaCount() {}

  /** Adds or removes replicas; returns whether anything was written. */
  static boolean apply(LinstorClient client, String resource, int target) {
    List<ResourceWithVolumes> resources =
        client.resources().view(ListFilter.all().resources(resource)).stream()
            .filter(r -> resource.equalsIgnoreCase(r.name()))
            .toList();
    List<Replica> replicas = resources.stream().map(ReplicaCount::replica).toList();
    long diskful = replicas.stream().filter(Replica::diskful).count();
    if (diskful < target) {
      requireReplication(resource, resources, target);
      // The definition's autoplace overlays this count on its resource group's filter
      // (linstor-server CtrlRscAutoPlaceApiCallHandler: rscDfn.getResourceGroup()
      // .getAutoPlaceConfig()), so new replicas follow the volume's own pools and topology rules,
      // and LINSTOR counts the existing diskful replicas towards place_count.
      client
          .resources()
          .autoplace(
              resource,
              AutoPlaceRequest.of(SelectFilter.builder().placeCount(target).build(), null));
      return true;
    }
    List<String> removed = ReplicaRemoval.choose(resource, replicas, target);
    for (String node : removed) {
      // A delete that finds the resource gone succeeds, so a retry after a crash finishes.
      client.resources().delete(resource, node);
    }
    return !removed.isEmpty();
  }

  /**
   * Without DRBD, LINSTOR makes each new "replica" an independent, empty volume: a pod moved there
   * would see other data. Only a volume whose resources carry a DRBD layer gains real replicas.
   */
  private static void requireReplication(
      String resource, List<ResourceWithVolumes> resources, int target) {
    for (ResourceWithVolumes r : resources) {
      if (r.layerObject() != null && r.layerObject().find("DRBD").isEmpty()) {
        throw CsiError.invalidArgument(
            "parameter linstor.csi.linbit.com/placementCount asks for "
                + target
                + " diskful copies of volume "
                + resource
                + ", but its layer stack has no drbd layer to keep them in sync");
      }
    }
  }

  private static Replica replica(ResourceWithVolumes r) {
    boolean inUse = r.state() != null && Boolean.TRUE.equals(r.state().inUse());
    return new Replica(r.nodeName(), Resources.isDiskful(r.flags()), inUse, diskState(r.volumes()));
  }

  /** UpToDate when every volume is; otherwise the first other state, empty when unknown. */
  private static String diskState(List<Volume> volumes) {
    List<String> states =
        volumes.stream()
            .map(v -> v.state() == null ? null : v.state().diskState())
            .map(s -> s == null ? "" : s)
            .distinct()
            .collect(Collectors.toList());
    if (states.isEmpty()) {
      return "";
    }
    return states.stream()
        .filter(s -> !Replica.UP_TO_DATE.equals(s))
        .findFirst()
        .orElse(Replica.UP_TO_DATE);
  }
}
