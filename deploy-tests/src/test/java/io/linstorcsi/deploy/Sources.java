package io.linstorcsi.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** The manifest sets under test, each parsed once per test run. */
final class Sources {
  private static final Map<String, List<HasMetadata>> CACHE = new ConcurrentHashMap<>();

  private Sources() {}

  /** A named manifest set, for parameterized tests. */
  record Source(String name, Supplier<List<HasMetadata>> objects) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** The chart with its defaults, as a user installs it into kube-system. */
  static List<HasMetadata> chartDefaults() {
    return CACHE.computeIfAbsent("defaults", k -> Chart.project().render());
  }

  /** The chart with nondefault-values.yaml, into another namespace. */
  static List<HasMetadata> chartNonDefault() {
    return CACHE.computeIfAbsent(
        "nondefault",
        k -> Chart.project().namespace("storage").valuesFile(nonDefaultValues()).render());
  }

  /** Everything deploy/kustomization.yaml lists. */
  static List<HasMetadata> deploy() {
    return CACHE.computeIfAbsent(
        "deploy",
        k -> {
          List<HasMetadata> out = new ArrayList<>();
          kustomizationResources().forEach(f -> out.addAll(Manifests.parse(f)));
          return out;
        });
  }

  /** deploy/examples/*.yaml. */
  static List<HasMetadata> examples() {
    return CACHE.computeIfAbsent(
        "examples",
        k -> {
          List<HasMetadata> out = new ArrayList<>();
          yamlFiles(Project.deployDir().resolve("examples"))
              .forEach(f -> out.addAll(Manifests.parse(f)));
          return out;
        });
  }

  /** The sets that must satisfy the whole deployment policy. */
  static Stream<Source> installable() {
    return Stream.of(
        new Source("chart defaults", Sources::chartDefaults),
        new Source("chart nondefault-values.yaml", Sources::chartNonDefault),
        new Source("deploy/ kustomization", Sources::deploy));
  }

  static Path nonDefaultValues() {
    try {
      return Path.of(Sources.class.getResource("/nondefault-values.yaml").toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static List<Path> kustomizationResources() {
    Path dir = Project.deployDir();
    Map<String, Object> kustomization;
    try {
      kustomization =
          Manifests.SERIALIZATION.unmarshal(
              Files.readString(dir.resolve("kustomization.yaml")), Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ((List<String>) kustomization.get("resources")).stream().map(dir::resolve).toList();
  }

  static List<Path> yamlFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
