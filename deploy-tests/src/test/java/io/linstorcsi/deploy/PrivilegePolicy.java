package io.linstorcsi.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.linstorcsi.deploy.Workloads.PodOf;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The privilege part of {@link DeploymentPolicy}: only the node plugin is privileged, only it
 * mounts with Bidirectional propagation, and only kubelet's directory (or below); the controller
 * pod runs as a non-root user without privilege escalation, capabilities or host paths; no pod
 * shares a host namespace.
 */
final class PrivilegePolicy {
  private static final String DEFAULT_KUBELET_ROOT = "/var/lib/kubelet";

  private final List<String> violations = new ArrayList<>();

  private PrivilegePolicy() {}

  static List<String> violations(List<HasMetadata> objects) {
    PrivilegePolicy policy = new PrivilegePolicy();
    Workloads workloads = new Workloads(objects);
    if (workloads.find(Deployment.class, Workloads.CONTROLLER).isEmpty()) {
      policy.violations.add("no controller Deployment " + Workloads.CONTROLLER);
    }
    if (workloads.find(DaemonSet.class, Workloads.NODE).isEmpty()) {
      policy.violations.add("no node DaemonSet " + Workloads.NODE);
    }
    for (PodOf pod : workloads.pods()) {
      policy.checkPod(pod);
    }
    return policy.violations;
  }

  private void checkPod(PodOf pod) {
    if (Boolean.TRUE.equals(pod.spec().getHostNetwork())
        || Boolean.TRUE.equals(pod.spec().getHostPID())
        || Boolean.TRUE.equals(pod.spec().getHostIPC())) {
      violations.add(pod.owner() + ": uses a host namespace");
    }
    boolean isNode = pod.owner().equals("DaemonSet " + Workloads.NODE);
    for (Container c : pod.allContainers()) {
      boolean nodePlugin = isNode && c.getName().equals(Workloads.DRIVER_CONTAINER);
      String where = pod.owner() + "/" + c.getName();
      boolean privileged =
          c.getSecurityContext() != null
              && Boolean.TRUE.equals(c.getSecurityContext().getPrivileged());
      if (privileged && !nodePlugin) {
        violations.add(where + ": privileged, but only the node plugin may be");
      }
      if (nodePlugin && !privileged) {
        violations.add(where + ": the node plugin must be privileged (mounts, devices)");
      }
      checkPropagation(pod, c, nodePlugin, where);
    }
    if (pod.owner().equals("Deployment " + Workloads.CONTROLLER)) {
      checkController(pod);
    }
  }

  private void checkPropagation(PodOf pod, Container c, boolean nodePlugin, String where) {
    String kubeletRoot = Workloads.flag(c, "--kubelet-root").orElse(DEFAULT_KUBELET_ROOT);
    boolean kubeletMounted = false;
    for (VolumeMount m : Optional.ofNullable(c.getVolumeMounts()).orElse(List.of())) {
      if (!"Bidirectional".equals(m.getMountPropagation())) {
        continue;
      }
      String hostPath =
          pod.volume(m.getName()).map(Volume::getHostPath).map(h -> h.getPath()).orElse(null);
      String mount = "Bidirectional mount " + m.getMountPath() + " (host " + hostPath + ")";
      if (!nodePlugin) {
        violations.add(where + ": " + mount + " outside the node plugin");
      } else if (hostPath == null
          || !within(hostPath, kubeletRoot)
          || !within(m.getMountPath(), kubeletRoot)) {
        violations.add(where + ": " + mount + " outside kubelet's " + kubeletRoot);
      } else if (hostPath.equals(kubeletRoot) && m.getMountPath().equals(kubeletRoot)) {
        kubeletMounted = true;
      }
    }
    if (nodePlugin && !kubeletMounted) {
      violations.add(
          where
              + ": kubelet's "
              + kubeletRoot
              + " must be mounted at the same path with Bidirectional propagation");
    }
  }

  private void checkController(PodOf pod) {
    PodSecurityContext podContext = pod.spec().getSecurityContext();
    if (podContext == null || !Boolean.TRUE.equals(podContext.getRunAsNonRoot())) {
      violations.add(pod.owner() + ": pod securityContext.runAsNonRoot must be true");
    }
    Long podUser = podContext == null ? null : podContext.getRunAsUser();
    for (Container c : pod.allContainers()) {
      SecurityContext sc = c.getSecurityContext();
      String where = pod.owner() + "/" + c.getName();
      Long user = sc != null && sc.getRunAsUser() != null ? sc.getRunAsUser() : podUser;
      if (user == null || user == 0) {
        violations.add(where + ": must run as a non-zero user, runs as " + user);
      }
      if (sc == null || !Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
        violations.add(where + ": allowPrivilegeEscalation must be false");
      }
      if (sc == null || !Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
        violations.add(where + ": readOnlyRootFilesystem must be true");
      }
      if (sc == null
          || sc.getCapabilities() == null
          || !List.of("ALL").equals(sc.getCapabilities().getDrop())
          || (sc.getCapabilities().getAdd() != null && !sc.getCapabilities().getAdd().isEmpty())) {
        violations.add(where + ": must drop ALL capabilities and add none");
      }
    }
    for (Volume v : Optional.ofNullable(pod.spec().getVolumes()).orElse(List.of())) {
      if (v.getHostPath() != null) {
        violations.add(pod.owner() + ": hostPath volume " + v.getName() + " in the controller");
      }
    }
    Container driver = Workloads.container(pod.spec(), Workloads.DRIVER_CONTAINER);
    if (!Workloads.hasFlag(driver, "--controller") || Workloads.hasFlag(driver, "--node-plugin")) {
      violations.add(pod.owner() + ": the driver must run with --controller only");
    }
  }

  private static boolean within(String path, String root) {
    String r = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    return path.equals(r) || path.startsWith(r + "/");
  }
}
