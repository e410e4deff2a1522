package io.linstorcsi.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One release version everywhere a user sees it: {@code linstor-csi --version} (the Maven project
 * version, stamped into the jar), the image tag the chart and deploy/ run, the chart's appVersion,
 * the image's version label, and the release name the READMEs install under.
 */
class ReleaseVersionTest {
  static final String RELEASE_NAME = "linstor-csi";
  private static final String DRIVER_IMAGE = "ghcr.io/linstorcsi/linstor-csi";

  /** The version of the root pom: what {@code --version} prints (driver's filtered resource). */
  static String projectVersion() throws IOException {
    String pom = Files.readString(Project.root().resolve("pom.xml"));
    Matcher m =
        Pattern.compile("<artifactId>linstor-csi-parent</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(pom);
    assertThat(m.find()).as("version of linstor-csi-parent in pom.xml").isTrue();
    return m.group(1);
  }

  @Test
  void versionPrintedByTheDriver_comesFromTheProjectVersion() throws IOException {
    Path stamp = Project.root().resolve("driver/src/main/resources/linstor-csi-version.properties");
    assertThat(Files.readString(stamp)).contains("version=${project.version}");
  }

  @Test
  void everyModule_buildsTheProjectVersion() throws IOException {
    String version = projectVersion();
    try (Stream<Path> dirs = Files.list(Project.root())) {
      for (Path pom : dirs.map(d -> d.resolve("pom.xml")).filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(pom))
            .as(pom.toString())
            .contains("<artifactId>linstor-csi-parent</artifactId>\n    <version>" + version);
      }
    }
  }

  @Test
  void imageTagAppVersionAndImageLabel_equalTheVersionTheDriverPrints() throws IOException {
    String version = projectVersion();
    assertThat(version).as("a release version, not a development one").doesNotEndWith("-SNAPSHOT");

    String chart = Files.readString(Project.chart().resolve("Chart.yaml"));
    assertThat(chart).containsPattern("(?m)^appVersion: \"" + Pattern.quote(version) + "\"$");

    @SuppressWarnings("unchecked")
    Map<String, Object> image =
        (Map<String, Object>)
            Manifests.SERIALIZATION
                .unmarshal(Files.readString(Project.chart().resolve("values.yaml")), Map.class)
                .get("image");
    assertThat(String.valueOf(image.get("tag"))).as("values.yaml image.tag").isEqualTo(version);

    assertThat(Files.readString(Project.root().resolve("Dockerfile")))
        .as("Dockerfile version label default")
        .containsPattern("(?m)^ARG VERSION=" + Pattern.quote(version) + "$");

    for (List<HasMetadata> objects : List.of(Sources.chartDefaults(), Sources.deploy())) {
      assertThat(driverImages(objects))
          .isNotEmpty()
          .allMatch(i -> i.equals(DRIVER_IMAGE + ":" + version));
    }
  }

  @Test
  void everyReadme_installsUnderOneReleaseName() throws IOException {
    Pattern install = Pattern.compile("helm (?:install|upgrade --install|uninstall) (\\S+)");
    List<String> names = new ArrayList<>();
    for (Path doc :
        List.of(
            Project.root().resolve("README.md"),
            Project.root().resolve("docs/kubernetes.md"),
            Project.chart().resolve("README.md"))) {
      Matcher m = install.matcher(Files.readString(doc));
      while (m.find()) {
        names.add(doc.getFileName() + ": " + m.group(1));
      }
    }
    assertThat(names).isNotEmpty().allMatch(n -> n.endsWith(": " + RELEASE_NAME));
    assertThat(Chart.RELEASE).isEqualTo(RELEASE_NAME);
  }

  private static List<String> driverImages(List<HasMetadata> objects) {
    Workloads workloads = new Workloads(objects);
    return Stream.of(
            workloads.controller().getSpec().getTemplate().getSpec(),
            workloads.node().getSpec().getTemplate().getSpec())
        .map(pod -> Workloads.container(pod, Workloads.DRIVER_CONTAINER))
        .map(Container::getImage)
        .toList();
  }
}
