package io.linstorcsi.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.linstorcsi.deploy.Workloads.PodOf;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The deployment policy of the driver's manifests. Each check returns the violations it finds
 * (empty when the manifests comply), so that tests can show both that our manifests pass and that a
 * broken manifest is caught.
 */
final class DeploymentPolicy {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  private DeploymentPolicy() {}

  /**
   * Every sidecar's {@code --csi-address} is the socket the driver serves ({@code --csi-endpoint}),
   * through the same volume mounted at the same directory; the node registrar tells kubelet the
   * host path of that socket.
   */
  static List<String> socketWiring(List<HasMetadata> objects) {
    List<String> out = new ArrayList<>();
    for (PodOf pod : new Workloads(objects).pods()) {
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
      Optional<VolumeMount> driverMount = mountAt(driver.get(), parent(socket));
      if (driverMount.isEmpty()) {
        out.add(pod.owner() + ": driver socket directory " + parent(socket) + " is not a volume");
        continue;
      }
      String volume = driverMount.get().getName();
      List<Container> sidecars =
          pod.allContainers().stream()
              .filter(c -> c != driver.get() && Workloads.flag(c, "--csi-address").isPresent())
              .toList();
      if (sidecars.isEmpty()) {
        out.add(pod.owner() + ": no sidecar talks to the driver");
      }
      for (Container c : sidecars) {
        String where = pod.owner() + "/" + c.getName();
        String address = Workloads.flag(c, "--csi-address").orElseThrow();
        if (!address.equals(socket)) {
          out.add(where + ": --csi-address=" + address + ", driver serves " + socket);
        }
        Optional<VolumeMount> mount = mountAt(c, parent(address));
        if (mount.isEmpty() || !mount.get().getName().equals(volume)) {
          out.add(where + ": does not mount volume " + volume + " at " + parent(socket));
        }
        Optional<String> registration = Workloads.flag(c, "--kubelet-registration-path");
        if (registration.isPresent()) {
          String hostSocket =
              pod.volume(volume)
                  .map(Volume::getHostPath)
                  .map(h -> h.getPath() + "/" + Path.of(socket).getFileName())
                  .orElse("(socket volume is not a hostPath)");
          if (!registration.get().equals(hostSocket)) {
            out.add(
                where + ": registers " + registration.get() + ", the socket is at " + hostSocket);
          }
        }
      }
    }
    return out;
  }

  /** Every {@code $(VAR)} in arguments is an environment variable of that container. */
  static List<String> variables(List<HasMetadata> objects) {
    List<String> out = new ArrayList<>();
    for (PodOf pod : new Workloads(objects).pods()) {
      for (Container c : pod.allContainers()) {
        Set<String> defined =
            Optional.ofNullable(c.getEnv()).orElse(List.of()).stream()
                .map(EnvVar::getName)
                .collect(Collectors.toSet());
        for (String arg : Workloads.args(c)) {
          Matcher m = VARIABLE.matcher(arg);
          while (m.find()) {
            if (!defined.contains(m.group(1))) {
              out.add(pod.owner() + "/" + c.getName() + ": " + arg + " uses an undefined variable");
            }
          }
        }
      }
    }
    return out;
  }

  /** See {@link PrivilegePolicy}. */
  static List<String> privileges(List<HasMetadata> objects) {
    return PrivilegePolicy.violations(objects);
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
        ResourceRequirements r = c.getResources();
        Map<String, Map<String, Quantity>> kinds =
            r == null
                ? Map.of()
                : Map.of(
                    "requests", Optional.ofNullable(r.getRequests()).orElse(Map.of()),
                    "limits", Optional.ofNullable(r.getLimits()).orElse(Map.of()));
        for (String kind : List.of("requests", "limits")) {
          for (String resource : List.of("cpu", "memory")) {
            if (!kinds.getOrDefault(kind, Map.of()).containsKey(resource)) {
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
        if (c.getImage() == null || !isPinned(c.getImage())) {
          out.add(pod.owner() + "/" + c.getName() + ": image " + c.getImage() + " is not pinned");
        }
      }
    }
    return out;
  }

  static boolean isPinned(String image) {
    if (image.contains("@")) {
      return image.matches("[^@]+@sha256:[0-9a-f]{64}");
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

  private static String parent(String path) {
    Path parent = Path.of(path).getParent();
    return parent == null ? "/" : parent.toString();
  }
}
