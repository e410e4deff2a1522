package io.linstorcsi.driver.status;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds which PersistentVolume, claim and pods use a LINSTOR resource, so that an operator sees the
 * application behind a degraded resource. Reads the cluster once per report: all PVs of this
 * driver, then the pods of the namespaces whose claims are involved.
 */
public final class KubernetesUsers {
  static final String DRIVER = "linstor.csi.linbit.com";

  private final KubernetesClient client;

  public KubernetesUsers(KubernetesClient client) {
    this.client = client;
  }

  /** The Kubernetes objects behind one LINSTOR resource. */
  public record Workload(
      String persistentVolume, String claimNamespace, String claimName, List<String> pods) {
    public Workload {
      pods = List.copyOf(pods);
    }
  }

  /** For each of the given resource names that a PV of this driver refers to, its users. */
  public Map<String, Workload> usersOf(Set<String> resourceNames) {
    Map<String, Workload> out = new TreeMap<>();
    if (resourceNames.isEmpty()) {
      return out;
    }
    Map<String, List<Pod>> podsByNamespace = new HashMap<>();
    for (PersistentVolume pv : client.persistentVolumes().list().getItems()) {
      var csi = pv.getSpec() == null ? null : pv.getSpec().getCsi();
      if (csi == null || !DRIVER.equals(csi.getDriver()) || csi.getVolumeHandle() == null) {
        continue;
      }
      String resource = resourceOf(csi.getVolumeHandle());
      if (!resourceNames.contains(resource)) {
        continue;
      }
      var claim = pv.getSpec().getClaimRef();
      if (claim == null) {
        out.put(resource, new Workload(pv.getMetadata().getName(), null, null, List.of()));
        continue;
      }
      List<Pod> pods =
          podsByNamespace.computeIfAbsent(
              claim.getNamespace(), ns -> client.pods().inNamespace(ns).list().getItems());
      out.put(
          resource,
          new Workload(
              pv.getMetadata().getName(),
              claim.getNamespace(),
              claim.getName(),
              podsUsing(pods, claim.getName())));
    }
    return out;
  }

  /** Volume handles are the LINSTOR resource name, optionally followed by "/volume-number". */
  static String resourceOf(String volumeHandle) {
    int slash = volumeHandle.indexOf('/');
    return slash < 0 ? volumeHandle : volumeHandle.substring(0, slash);
  }

  private static List<String> podsUsing(List<Pod> pods, String claimName) {
    List<String> names = new ArrayList<>();
    for (Pod pod : pods) {
      List<Volume> volumes = pod.getSpec() == null ? List.of() : pod.getSpec().getVolumes();
      for (Volume volume : volumes) {
        var pvc = volume.getPersistentVolumeClaim();
        if (pvc != null && claimName.equals(pvc.getClaimName())) {
          names.add(pod.getMetadata().getName());
          break;
        }
      }
    }
    return names;
  }
}
