package io.linstorcsi.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/linstor-csi trains the AOT cache of a new build on its first start and maps it on every
 * start: evidence from the JVM itself, not from a timing. {@code -XX:AOTMode=on} makes the JVM exit
 * with an error when the cache cannot be used, and {@code -Xlog:class+load} names the source of
 * each class, {@code shared objects file} for the classes that came from the cache.
 */
class LauncherAotCacheTest {
  /** A cold first start trains the cache (a driver run against the emulator) before serving. */
  private static final Duration START = Duration.ofMinutes(4);

  @TempDir Path dir;

  @Test
  void controllerStart_loadsTheDriverClassesFromTheAotCache_andPrintsNoJvmWarning()
      throws Exception {
    Path root = Project.root();
    Path jar = root.resolve("driver/target/driver.jar");
    Assertions.assertTrue(
        Files.isRegularFile(jar),
        "the launcher test runs driver/target/driver.jar: build the driver first"
            + " (./mvnw verify from the root, or ./mvnw -pl driver -am package)");
    Path log = dir.resolve("driver.log");
    ProcessBuilder launcher =
        new ProcessBuilder(
                root.resolve("bin/linstor-csi").toString(),
                "--controller",
                "--csi-endpoint",
                "unix://" + dir.resolve("csi.sock"),
                "--linstor-endpoint",
                "http://127.0.0.1:1")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    // never a Maven build from inside a test: a stale build is an error here
    launcher.environment().put("LINSTOR_CSI_NO_BUILD", "1");
    launcher.environment().put("LINSTOR_CSI_EXTRA_JVM_OPTS", "-XX:AOTMode=on -Xlog:class+load");
    Process p = launcher.start();
    try {
      long deadline = System.nanoTime() + START.toNanos();
      while (!Files.readString(log).contains("serving CSI on")) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          Assertions.fail("the driver did not serve:\n" + tail(log));
        }
        Thread.sleep(100);
      }
    } finally {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }

    String output = Files.readString(log);
    assertThat(output)
        .as("class sources of the driver's own classes")
        .contains("io.linstorcsi.driver.DriverProcess source: shared objects file")
        .contains("io.linstorcsi.common.UnixSocketServer source: shared objects file");
    assertThat(withoutClassLoading(output))
        .contains("serving CSI on")
        .doesNotContain("sun.misc.Unsafe")
        .doesNotContain("WARNING:");
  }

  /** The output without the class loading log, which names sun.misc.Unsafe as a loaded class. */
  static String withoutClassLoading(String output) {
    return String.join(
        "\n", output.lines().filter(line -> !line.contains("[class,load]")).toList());
  }

  private static String tail(Path log) throws Exception {
    String text = Files.readString(log);
    return text.substring(Math.max(0, text.length() - 4000));
  }
}
