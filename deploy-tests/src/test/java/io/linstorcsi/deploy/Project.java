package io.linstorcsi.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths inside the project checkout. */
final class Project {
  private Project() {}

  /**
   * The project root: from {@code LINSTOR_CSI_PROJECT_ROOT} (set by the module's surefire
   * configuration), else the nearest directory above the working directory holding the chart.
   */
  static Path root() {
    String configured = System.getenv("LINSTOR_CSI_PROJECT_ROOT");
    if (configured != null && !configured.isBlank() && isRoot(Path.of(configured))) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (isRoot(dir)) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "cannot find the project root (a directory with charts/linstor-csi/Chart.yaml) above "
            + Path.of("").toAbsolutePath());
  }

  static Path chart() {
    return root().resolve("charts/linstor-csi");
  }

  static Path deployDir() {
    return root().resolve("deploy");
  }

  private static boolean isRoot(Path dir) {
    return Files.isRegularFile(dir.resolve("charts/linstor-csi/Chart.yaml"))
        && Files.isRegularFile(dir.resolve("pom.xml"));
  }
}
