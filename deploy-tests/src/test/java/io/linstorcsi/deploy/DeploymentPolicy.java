package io.linstorcsi.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.linstorcsi.deploy.Workloads.PodOf;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deployment policy of the driver's manifests. Each check returns the violations it finds
 * (empty when the manifests comply), so that tests can show both that our manifests pass and that a
 * broken manifest is caught.
 */
final class DeploymentPolicy {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
  private static final String DEFAULT_KUBELET_ROOT = "/var/lib/kubelet";

  private DeploymentPolicy() {}

  static List<String> all(List<HasMetadata> objects) {
    List<String> out = new ArrayList<>();
    out.addAll(socketWiring(objects));
    out.addAll(variables(objects));
    out.addAll(privileges(objects));
    out.addAll(rbac(objects));
    out.addAll(resources(objects));
    out.addAll(pinnedImages(objects));
    return out;
  }

  /**
   * Every sidecar's {@code --csi-address} is the socket the driver serves ({@code --csi-endpoint}),
   * through the same volume mounted at the same directory; the node registrar tells kubelet the
   * host path of that socket.
   */
  static List<String> socketWiring(List<HasMetadata> objects) {
    List<String> out = new ArrayList<>();
    Workloads workloads = new Workloads(objects);
    for (PodOf pod : workloads.pods()) {
      Optional<Container> driver = pod.container(Workloads.DRIVER_CONTAINER);
      if (driver.isEmpty()) {
        continue;
      }
      Optional<String> endpoint = Workloads.flag(driver.get(), "--csi-endpoint");
      if (endpoint.isEmpty() || !endpoint.get().startsWith("unix:///")) {
        out.add(pod.owner() + ": driver needs --csi-endpoint=unix:///..., got " + endpoint);
        continue;
      }
      String socket = endpoint.get().substring("unix://".length());
      String socketDir = parent(socket);
      Optional<VolumeMount> driverMount = mountAt(driver.get(), socketDir);
      if (driverMount.isEmpty()) {
        out.add(pod.owner() + ": driver socket directory " + socketDir + " is not a volume");
        continue;
      }
      String volume = driverMount.get().getName();
      int sidecars = 0;
      for (Container c : pod.allContainers()) {
        Optional<String> address = Workloads.flag(c, "--csi-address");
        if (c == driver.get() || address.isEmpty()) {
          continue;
        }
        sidecars++;
        if (!address.get().equals(socket)) {
          out.add(
              pod.owner()
                  + "/"
                  + c.getName()
                  + ": --csi-address="
                  + address.get()
                  + ", driver serves "
                  + socket);
        }
        Optional<VolumeMount> mount = mountAt(c, parent(address.get()));
        if (mount.isEmpty() || !mount.get().getName().equals(volume)) {
          out.add(
              pod.owner()
                  + "/"
                  + c.getName()
                  + ": does not mount volume "
                  + volume
                  + " at "
                  + socketDir);
        }
        Optional<String> registration = Workloads.flag(c, "--kubelet-registration-path");
        if (registration.isPresent()) {
          Optional<Volume> v = pod.volume(volume);
          String hostSocket =
              v.map(Volume::getHostPath)
                  .map(h -> h.getPath() + "/" + Path.of(socket).getFileName())
                  .orElse("(socket volume is not a hostPath)");
          if (!registration.get().equals(hostSocket)) {
            out.add(
                pod.owner()
                    + "/"
                    + c.getName()
                    + ": registers "
                    + registration.get()
                    + ", the socket is at "
                    + hostSocket
                    + " on the host");
          }
        }
      }
      if (sidecars == 0) {
        out.add(pod.owner() + ": no sidecar talks to the driver");
      }
    }
    return out;
  }

  /** Every {@code $(VAR)} in arguments is an environment variable of that container. */
  static List<String> variables(List<HasMetadata> objects) {
    List<String> out = new ArrayList<>();
    for (PodOf pod : new Workloads(objects).pods()) {
      for (Container c : pod.allContainers()) {
        Set<String> defined = new TreeSet<>();
        if (c.getEnv() != null) {
          c.getEnv().stream().map(EnvVar::getName).forEach(defined::add);
        }
        for (String arg : Workloads.args(c)) {
          Matcher m = VARIABLE.matcher(arg);
          while (m.find()) {
            if (!defined.contains(m.group(1))) {
              out.add(
                  pod.owner()
                      + "/"
                      + c.getName()
                      + ": "
                      + arg
                      + " uses undefined $("
                      + m.group(1)
                      + ")");
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * Only the node plugin is privileged, and only it mounts with Bidirectional propagation, and only
   * kubelet's directory (or below). The controller pod runs as a non-root user with no privilege
   * escalation, no host paths and no host namespaces.
   */
  static List<String> privileges(List<HasMetadata> objects) {
    List<String> out = new ArrayList<>();
    Workloads workloads = new Workloads(objects);
    for (PodOf pod : workloads.pods()) {
      boolean isNode = pod.owner().equals("DaemonSet " + Workloads.NODE);
      if (Boolean.TRUE.equals(pod.spec().getHostNetwork())
          || Boolean.TRUE.equals(pod.spec().getHostPID())
          || Boolean.TRUE.equals(pod.spec().getHostIPC())) {
        out.add(pod.owner() + ": uses a host namespace");
      }
      for (Container c : pod.allContainers()) {
        boolean nodePlugin = isNode && c.getName().equals(Workloads.DRIVER_CONTAINER);
        boolean privileged =
            c.getSecurityContext() != null
                && Boolean.TRUE.equals(c.getSecurityContext().getPrivileged());
        if (privileged && !nodePlugin) {
          out.add(
              pod.owner() + "/" + c.getName() + ": privileged, but only the node plugin may be");
        }
        if (nodePlugin && !privileged) {
          out.add(
              pod.owner()
                  + "/"
                  + c.getName()
                  + ": the node plugin must be privileged (mounts, devices)");
        }
        String kubeletRoot = Workloads.flag(c, "--kubelet-root").orElse(DEFAULT_KUBELET_ROOT);
        boolean kubeletMounted = false;
        for (VolumeMount m : Optional.ofNullable(c.getVolumeMounts()).orElse(List.of())) {
          if (!"Bidirectional".equals(m.getMountPropagation())) {
            continue;
          }
          String hostPath =
              pod.volume(m.getName()).map(Volume::getHostPath).map(h -> h.getPath()).orElse(null);
          if (!nodePlugin) {
            out.add(
                pod.owner()
                    + "/"
                    + c.getName()
                    + ": Bidirectional mount "
                    + m.getMountPath()
                    + " outside the node plugin");
          } else if (hostPath == null
              || !within(hostPath, kubeletRoot)
              || !within(m.getMountPath(), kubeletRoot)) {
            out.add(
                pod.owner()
                    + "/"
                    + c.getName()
                    + ": Bidirectional mount "
                    + m.getMountPath()
                    + " (host "
                    + hostPath
                    + ") outside kubelet's "
                    + kubeletRoot);
          } else if (hostPath.equals(kubeletRoot) && m.getMountPath().equals(kubeletRoot)) {
            kubeletMounted = true;
          }
        }
        if (nodePlugin && !kubeletMounted) {
          out.add(
              pod.owner()
                  + "/"
                  + c.getName()
                  + ": kubelet's "
                  + kubeletRoot
                  + " must be mounted at the same path with Bidirectional propagation");
        }
      }
      if (pod.owner().equals("Deployment " + Workloads.CONTROLLER)) {
        out.addAll(controllerHardening(pod));
      }
    }
    workloads
        .find(io.fabric8.kubernetes.api.model.apps.Deployment.class, Workloads.CONTROLLER)
        .ifPresentOrElse(
            d -> {}, () -> out.add("no controller Deployment " + Workloads.CONTROLLER));
    workloads
        .find(io.fabric8.kubernetes.api.model.apps.DaemonSet.class, Workloads.NODE)
        .ifPresentOrElse(d -> {}, () -> out.add("no node DaemonSet " + Workloads.NODE));
    return out;
  }

  private static List<String> controllerHardening(PodOf pod) {
    List<String> out = new ArrayList<>();
    PodSecurityContext podSc = pod.spec().getSecurityContext();
    if (podSc == null || !Boolean.TRUE.equals(podSc.getRunAsNonRoot())) {
      out.add(pod.owner() + ": pod securityContext.runAsNonRoot must be true");
    }
    Long podUser = podSc == null ? null : podSc.getRunAsUser();
    for (Container c : pod.allContainers()) {
      SecurityContext sc = c.getSecurityContext();
      String where = pod.owner() + "/" + c.getName();
      Long user = sc != null && sc.getRunAsUser() != null ? sc.getRunAsUser() : podUser;
      if (user == null || user == 0) {
        out.add(where + ": must run as a non-zero user, runs as " + user);
      }
      if (sc == null || !Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
        out.add(where + ": allowPrivilegeEscalation must be false");
      }
      if (sc == null || !Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
        out.add(where + ": readOnlyRootFilesystem must be true");
      }
      if (sc == null
          || sc.getCapabilities() == null
          || !Objects.equals(sc.getCapabilities().getDrop(), List.of("ALL"))
          || (sc.getCapabilities().getAdd() != null && !sc.getCapabilities().getAdd().isEmpty())) {
        out.add(where + ": must drop ALL capabilities and add none");
      }
    }
    for (Volume v : Optional.ofNullable(pod.spec().getVolumes()).orElse(List.of())) {
      if (v.getHostPath() != null) {
        out.add(pod.owner() + ": hostPath volume " + v.getName() + " in the controller");
      }
    }
    Container driver = Workloads.container(pod.spec(), Workloads.DRIVER_CONTAINER);
    if (!Workloads.hasFlag(driver, "--controller") || Workloads.hasFlag(driver, "--node-plugin")) {
      out.add(pod.owner() + ": the driver must run with --controller only");
    }
    return out;
  }

  /** See {@link RbacPolicy}. */
  static List<String> rbac(List<HasMetadata> objects) {
    return RbacPolicy.violations(objects);
  }

  /** Every container has CPU and memory requests and limits. */
  static List<String> resources(List<HasMetadata> objects) {
    List<String> out = new ArrayList<>();
    for (PodOf pod : new Workloads(objects).pods()) {
      for (Container c : pod.allContainers()) {
        var r = c.getResources();
        for (String kind : List.of("requests", "limits")) {
          Map<String, Quantity> values =
              r == null ? null : (kind.equals("requests") ? r.getRequests() : r.getLimits());
          for (String resource : List.of("cpu", "memory")) {
            if (values == null || !values.containsKey(resource)) {
              out.add(pod.owner() + "/" + c.getName() + ": no " + resource + " " + kind);
            }
          }
        }
      }
    }
    return out;
  }

  /** Every image names a tag other than {@code latest}, or a digest. */
  static List<String> pinnedImages(List<HasMetadata> objects) {
    List<String> out = new ArrayList<>();
    for (PodOf pod : new Workloads(objects).pods()) {
      for (Container c : pod.allContainers()) {
        String image = c.getImage();
        if (image == null || !isPinned(image)) {
          out.add(
              pod.owner()
                  + "/"
                  + c.getName()
                  + ": image "
                  + image
                  + " is not pinned by tag or digest");
        }
      }
    }
    return out;
  }

  static boolean isPinned(String image) {
    if (image.contains("@sha256:")) {
      return image.matches(".+@sha256:[0-9a-f]{64}");
    }
    String name = image.substring(image.lastIndexOf('/') + 1);
    int colon = name.lastIndexOf(':');
    if (colon < 0) {
      return false;
    }
    String tag = name.substring(colon + 1);
    return tag.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}") && !tag.equals("latest");
  }

  private static Optional<VolumeMount> mountAt(Container c, String dir) {
    return Optional.ofNullable(c.getVolumeMounts()).orElse(List.of()).stream()
        .filter(m -> m.getMountPath().equals(dir))
        .findFirst();
  }

  private static boolean within(String path, String root) {
    String r = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    return path.equals(r) || path.startsWith(r + "/");
  }

  private static String parent(String path) {
    Path parent = Path.of(path).getParent();
    return parent == null ? "/" : parent.toString();
  }
}
