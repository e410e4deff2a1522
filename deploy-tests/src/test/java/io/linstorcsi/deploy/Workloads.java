package io.linstorcsi.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Finders over a set of parsed objects: the pod specs, containers and arguments they hold. */
record Workloads(List<HasMetadata> objects) {
  static final String CONTROLLER = "csi-linstor-controller";
  static final String NODE = "csi-linstor-node";
  static final String DRIVER_CONTAINER = "linstor-csi";

  /** A pod template (or pod) with the name of the object that holds it. */
  record PodOf(String owner, String namespace, PodSpec spec) {
    List<Container> allContainers() {
      List<Container> all = new ArrayList<>(spec.getContainers());
      if (spec.getInitContainers() != null) {
        all.addAll(spec.getInitContainers());
      }
      return all;
    }

    Optional<Container> container(String name) {
      return allContainers().stream().filter(c -> c.getName().equals(name)).findFirst();
    }

    Optional<Volume> volume(String name) {
      return spec.getVolumes() == null
          ? Optional.empty()
          : spec.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst();
    }
  }

  List<PodOf> pods() {
    List<PodOf> out = new ArrayList<>();
    for (HasMetadata object : objects) {
      String namespace = object.getMetadata().getNamespace();
      switch (object) {
        case Deployment d ->
            out.add(
                new PodOf("Deployment " + name(d), namespace, d.getSpec().getTemplate().getSpec()));
        case DaemonSet d ->
            out.add(
                new PodOf("DaemonSet " + name(d), namespace, d.getSpec().getTemplate().getSpec()));
        case Pod p -> out.add(new PodOf("Pod " + name(p), namespace, p.getSpec()));
        default -> {}
      }
    }
    return out;
  }

  Deployment controller() {
    return one(Deployment.class, CONTROLLER);
  }

  DaemonSet node() {
    return one(DaemonSet.class, NODE);
  }

  <T extends HasMetadata> T one(Class<T> type, String name) {
    return find(type, name)
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }

  <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
    return all(type).filter(o -> name(o).equals(name)).findFirst();
  }

  <T extends HasMetadata> Stream<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast);
  }

  static Container container(PodSpec pod, String name) {
    return pod.getContainers().stream()
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container " + name));
  }

  /** Value of {@code --flag=value} (or {@code -flag=value}) in a container's arguments. */
  static Optional<String> flag(Container container, String flag) {
    String bare = flag.replaceFirst("^-+", "");
    return args(container).stream()
        .filter(a -> a.replaceFirst("^-+", "").startsWith(bare + "="))
        .map(a -> a.substring(a.indexOf('=') + 1))
        .findFirst();
  }

  static boolean hasFlag(Container container, String flag) {
    String bare = flag.replaceFirst("^-+", "");
    return args(container).stream()
        .map(a -> a.replaceFirst("^-+", ""))
        .anyMatch(a -> a.equals(bare) || a.equals(bare + "=true") || a.startsWith(bare + "="));
  }

  static List<String> args(Container container) {
    List<String> all = new ArrayList<>();
    if (container.getCommand() != null) {
      all.addAll(container.getCommand());
    }
    if (container.getArgs() != null) {
      all.addAll(container.getArgs());
    }
    return all;
  }

  private static String name(HasMetadata object) {
    return object.getMetadata().getName();
  }
}
