package io.linstorcsi.deploy;

import io.fabric8.kubernetes.api.model.Container;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What each container of the driver's pods needs from the Kubernetes API, per the sidecars'
 * documented RBAC (kubernetes-csi external-provisioner, -attacher, -resizer, -snapshotter) for the
 * flags our manifests pass. The driver needs to read PVCs only with {@code
 * --enable-consistency-groups}; the livenessprobe and the node-driver-registrar need nothing. A
 * ServiceAccount must be granted exactly the union of what the containers of its pods need: more is
 * a violation of least privilege, less breaks a sidecar.
 */
final class RbacAllowList {
  /** One verb on one resource, cluster-wide ({@code namespace == null}) or in one namespace. */
  record Permission(String namespace, String apiGroup, String resource, String verb) {
    @Override
    public String toString() {
      return (namespace == null ? "cluster" : "ns " + namespace)
          + ": "
          + (apiGroup.isEmpty() ? "core" : apiGroup)
          + "/"
          + resource
          + " "
          + verb;
    }
  }

  private static final List<String> READ = List.of("get", "list", "watch");
  private static final List<String> EVENTS = List.of("list", "watch", "create", "update", "patch");
  private static final List<String> LEASES =
      List.of("get", "list", "watch", "create", "update", "delete");

  private RbacAllowList() {}

  /** What one container needs, given its name and arguments; {@code namespace} is its pod's. */
  static Set<Permission> needs(Container container, String namespace) {
    Set<Permission> out = new LinkedHashSet<>();
    switch (container.getName()) {
      case "csi-provisioner" -> {
        cluster(out, "", "persistentvolumes", "get", "list", "watch", "create", "patch", "delete");
        cluster(out, "", "persistentvolumeclaims", "get", "list", "watch", "update");
        cluster(out, "storage.k8s.io", "storageclasses", READ);
        cluster(out, "", "events", EVENTS);
        // topology: the accessible segments of a node come from its CSINode and Node labels
        cluster(out, "storage.k8s.io", "csinodes", READ);
        cluster(out, "", "nodes", READ);
        cluster(out, "storage.k8s.io", "volumeattachments", READ);
        // restoring from a snapshot: the source snapshot gets a finalizer
        cluster(
            out, "snapshot.storage.k8s.io", "volumesnapshots", "get", "list", "watch", "update");
        cluster(out, "snapshot.storage.k8s.io", "volumesnapshotcontents", "get", "list");
        if (Workloads.hasFlag(container, "--enable-capacity")) {
          // CSIStorageCapacity objects owned by the Deployment (found via pod -> ReplicaSet)
          namespaced(
              out,
              namespace,
              "storage.k8s.io",
              "csistoragecapacities",
              "get",
              "list",
              "watch",
              "create",
              "update",
              "patch",
              "delete");
          namespaced(out, namespace, "", "pods", "get");
          namespaced(out, namespace, "apps", "replicasets", "get");
        }
      }
      case "csi-attacher" -> {
        cluster(out, "", "persistentvolumes", "get", "list", "watch", "patch");
        cluster(out, "storage.k8s.io", "csinodes", READ);
        cluster(out, "storage.k8s.io", "volumeattachments", "get", "list", "watch", "patch");
        cluster(out, "storage.k8s.io", "volumeattachments/status", "patch");
      }
      case "csi-resizer" -> {
        cluster(out, "", "persistentvolumes", "get", "list", "watch", "patch");
        cluster(out, "", "persistentvolumeclaims", READ);
        cluster(out, "", "persistentvolumeclaims/status", "patch");
        cluster(out, "", "pods", READ);
        cluster(out, "", "events", EVENTS);
        cluster(out, "storage.k8s.io", "volumeattributesclasses", READ);
      }
      case "csi-snapshotter" -> {
        cluster(out, "", "events", EVENTS);
        cluster(out, "snapshot.storage.k8s.io", "volumesnapshotclasses", READ);
        cluster(
            out,
            "snapshot.storage.k8s.io",
            "volumesnapshotcontents",
            "get",
            "list",
            "watch",
            "update",
            "patch");
        cluster(out, "snapshot.storage.k8s.io", "volumesnapshotcontents/status", "update", "patch");
        if (Workloads.flag(container, "--feature-gates")
            .filter(gates -> gates.contains("CSIVolumeGroupSnapshot=true"))
            .isPresent()) {
          // group snapshots, as external-snapshotter 8.2+ documents them for the sidecar
          // (deploy/kubernetes/csi-snapshotter/rbac-csi-snapshotter.yaml); the snapshot-controller,
          // not the sidecar, makes the VolumeGroupSnapshots' member objects since 8.2
          cluster(out, "groupsnapshot.storage.k8s.io", "volumegroupsnapshotclasses", READ);
          cluster(
              out,
              "groupsnapshot.storage.k8s.io",
              "volumegroupsnapshotcontents",
              "get",
              "list",
              "watch",
              "update",
              "patch");
          cluster(
              out,
              "groupsnapshot.storage.k8s.io",
              "volumegroupsnapshotcontents/status",
              "update",
              "patch");
        }
      }
      case "linstor-csi" -> {
        if (Workloads.hasFlag(container, "--enable-consistency-groups")) {
          // CreateVolume reads the consistency-group label of the PVC it provisions for
          cluster(out, "", "persistentvolumeclaims", "get");
        }
      }
      default -> {
        // livenessprobe and node-driver-registrar do not call the Kubernetes API
      }
    }
    if (Workloads.hasFlag(container, "--leader-election")) {
      String leaseNamespace =
          Workloads.flag(container, "--leader-election-namespace")
              .filter(n -> !n.startsWith("$("))
              .orElse(namespace);
      namespaced(
          out, leaseNamespace, "coordination.k8s.io", "leases", LEASES.toArray(String[]::new));
    }
    return out;
  }

  private static void cluster(Set<Permission> out, String group, String resource, String... verbs) {
    namespaced(out, null, group, resource, verbs);
  }

  private static void cluster(
      Set<Permission> out, String group, String resource, List<String> verbs) {
    namespaced(out, null, group, resource, verbs.toArray(String[]::new));
  }

  private static void namespaced(
      Set<Permission> out, String namespace, String group, String resource, String... verbs) {
    for (String verb : verbs) {
      out.add(new Permission(namespace, group, resource, verb));
    }
  }
}
