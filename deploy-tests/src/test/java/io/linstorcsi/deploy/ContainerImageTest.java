package io.linstorcsi.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.DockerImageName;

/**
 * Builds the project's Dockerfile for real (with the driver built by this reactor, {@code
 * PREBUILT=1}) and runs the image: the driver starts, the node tools are there and work, and the
 * controller role runs as a non-root user.
 *
 * <p>Runs only when {@code CONTAINER_TESTS=1} (bin/test sets it after bin/container-test-setup),
 * and then fails, rather than skips, when the engine cannot be reached. The base images come from
 * {@code LINSTOR_CSI_BUILD_IMAGE} and {@code LINSTOR_CSI_RUNTIME_IMAGE} (local images; nothing is
 * pulled).
 */
@EnabledIfEnvironmentVariable(
    named = "CONTAINER_TESTS",
    matches = "1",
    disabledReason =
        "container image tests are off: set CONTAINER_TESTS=1 after running"
            + " bin/container-test-setup (bin/test does both)")
class ContainerImageTest {
  private static final int METRICS_PORT = 9811;
  private static final Duration START = Duration.ofSeconds(60);

  private static String image;
  private static Set<String> imagesBefore = Set.of();
  private static GenericContainer<?> tools;

  @BeforeAll
  static void buildImage() {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      Assertions.fail(
          "CONTAINER_TESTS=1 but no container engine answers at DOCKER_HOST="
              + System.getenv("DOCKER_HOST")
              + "; run bin/container-test-setup and export what it prints");
    }
    Path root = Project.root();
    Path jar = root.resolve("driver/target/driver.jar");
    Assertions.assertTrue(
        Files.isRegularFile(jar) && Files.isDirectory(root.resolve("driver/target/lib")),
        "the image test packages driver/target/driver.jar and driver/target/lib/: build the driver"
            + " first (./mvnw verify from the root, or ./mvnw -pl driver -am package)");

    imagesBefore = imageIds();
    String name = "localhost/linstor-csi-test:" + UUID.randomUUID().toString().substring(0, 8);
    image =
        new ImageFromDockerfile(name, true)
            .withDockerfile(root.resolve("Dockerfile"))
            .withBuildArg("PREBUILT", "1")
            .withBuildArg(
                "BUILD_IMAGE",
                baseImage("LINSTOR_CSI_BUILD_IMAGE", "localhost/linstor-csi-build:jdk25"))
            .withBuildArg(
                "RUNTIME_IMAGE",
                baseImage("LINSTOR_CSI_RUNTIME_IMAGE", "localhost/linstor-csi-runtime:jre25"))
            .withBuildArg("VERSION", "test")
            .get();

    // One long-lived container as root, as the node plugin runs, for the node tool checks.
    tools =
        new GenericContainer<>(DockerImageName.parse(image))
            .withCreateContainerCmdModifier(c -> c.withUser("0").withEntrypoint("sleep", "600"))
            .withStartupTimeout(START);
    tools.start();
  }

  @AfterAll
  static void removeContainersAndImages() {
    if (tools != null) {
      tools.stop();
    }
    // The engine keeps the image and the build stage's image; remove every image this class made
    // so that repeated runs do not fill the disk.
    if (image != null) {
      DockerClient client = DockerClientFactory.instance().client();
      Set<String> made = new HashSet<>(imageIds());
      made.removeAll(imagesBefore);
      for (String id : made) {
        try {
          client.removeImageCmd(id).withForce(true).exec();
        } catch (NotFoundException alreadyGone) {
          // removing the final image can take its parents with it
        }
      }
    }
  }

  private static Set<String> imageIds() {
    return DockerClientFactory.instance().client().listImagesCmd().withShowAll(true).exec().stream()
        .map(Image::getId)
        .collect(Collectors.toSet());
  }

  @Test
  void version_printsTheDriverNameAndUsesTheAotCache() throws Exception {
    // AOTMode=on makes the JVM exit with an error when the cache made at build time cannot be used.
    try (GenericContainer<?> version =
        new GenericContainer<>(DockerImageName.parse(image))
            .withEnv("JDK_JAVA_OPTIONS", "-XX:AOTMode=on")
            .withCommand("--version")
            .withStartupCheckStrategy(
                new org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy()
                    .withTimeout(START))) {
      version.start();

      assertThat(version.getLogs())
          .contains("linstor.csi.linbit.com")
          .contains("Java 25")
          .doesNotContain("sun.misc.Unsafe");
    }
  }

  /**
   * The cache is trained on a real start of each role, so serving takes the driver's classes from
   * it: {@code -Xlog:class+load} names {@code shared objects file} as their source, and {@code
   * AOTMode=on} fails the start when the cache cannot be used.
   */
  @ParameterizedTest
  @ValueSource(strings = {"--controller", "--node-plugin"})
  void role_servesWithItsClassesFromTheAotCache_andNoJvmWarning(String role) throws Exception {
    try (GenericContainer<?> driver =
        new GenericContainer<>(DockerImageName.parse(image))
            .withCreateContainerCmdModifier(c -> c.withUser("0"))
            .withEnv("JDK_JAVA_OPTIONS", "-XX:AOTMode=on -Xlog:class+load")
            .withCommand(
                role,
                "--node=node-a",
                "--csi-endpoint=unix:///tmp/csi/csi.sock",
                "--kubelet-root=/tmp",
                "--linstor-endpoint=http://127.0.0.1:3370")
            .withStartupTimeout(START)) {
      driver.start();
      awaitSocket(driver, "/tmp/csi/csi.sock");

      String logs = driver.getLogs();
      assertThat(logs)
          .contains("io.linstorcsi.driver.DriverProcess source: shared objects file")
          .contains("io.linstorcsi.common.UnixSocketServer source: shared objects file");
      assertThat(LauncherAotCacheTest.withoutClassLoading(logs))
          .contains("serving CSI on")
          .doesNotContain("sun.misc.Unsafe")
          .doesNotContain("WARNING:");
    }
  }

  @Test
  void image_holdsTheLaunchersJvmFlags_andNoLinstorEmulatorNorItsS3Client() throws Exception {
    String options = exec("cat", "/opt/linstor-csi/jvm.options");
    assertThat(options)
        .isEqualTo(Files.readString(Project.root().resolve("driver/jvm.options")))
        .contains("-XX:+UseSerialGC", "-Xmx", "--sun-misc-unsafe-memory-access=allow");
    assertThat(exec("ls", "/opt/linstor-csi/lib"))
        .contains("grpc-")
        .doesNotContain("emulator")
        .doesNotContain("url-connection-client")
        .doesNotContain("reactive-streams");
  }

  @Test
  void imageConfig_runsAsNonRootWithSmallJvmFlagsAndOciLabels() {
    InspectImageResponse inspect =
        DockerClientFactory.instance().client().inspectImageCmd(image).exec();

    assertThat(inspect.getConfig().getUser()).isEqualTo("10001:10001");
    assertThat(inspect.getConfig().getEntrypoint())
        .containsExactly(
            "java",
            "@/opt/linstor-csi/jvm.options",
            "-XX:AOTCache=/opt/linstor-csi/driver.aot",
            "-jar",
            "/opt/linstor-csi/driver.jar");
    assertThat(inspect.getConfig().getLabels())
        .containsEntry("org.opencontainers.image.title", "linstor-csi")
        .containsEntry("org.opencontainers.image.version", "test")
        .containsKey("org.opencontainers.image.description");
  }

  @Test
  void nodeTools_areOnThePath() throws Exception {
    for (String tool :
        List.of(
            "mkfs.ext4",
            "mkfs.xfs",
            "resize2fs",
            "xfs_growfs",
            "blkid",
            "mount",
            "umount",
            "drbdadm")) {
      ExecResult which = tools.execInContainer("sh", "-c", "command -v " + tool);
      assertThat(which.getExitCode()).as("%s on the PATH: %s", tool, which.getStderr()).isZero();
    }
  }

  @Test
  void mkfsAndBlkid_formatAndRecogniseExt4AndXfs() throws Exception {
    exec("truncate", "-s", "64M", "/tmp/ext4.img");
    exec("mkfs.ext4", "-q", "-F", "/tmp/ext4.img");
    assertThat(exec("blkid", "-o", "value", "-s", "TYPE", "/tmp/ext4.img").strip())
        .isEqualTo("ext4");

    // mkfs.xfs refuses file systems below 300 MiB; the file is sparse
    exec("truncate", "-s", "320M", "/tmp/xfs.img");
    exec("mkfs.xfs", "-q", "-f", "/tmp/xfs.img");
    assertThat(exec("blkid", "-o", "value", "-s", "TYPE", "/tmp/xfs.img").strip()).isEqualTo("xfs");
  }

  @Test
  void mountAndDrbdadm_run() throws Exception {
    assertThat(exec("mount", "--version")).contains("util-linux");
    assertThat(exec("drbdadm", "--version")).contains("DRBDADM_VERSION=");
  }

  @Test
  void controllerRole_servesAsNonRootUserWithMetrics() throws Exception {
    try (GenericContainer<?> controller =
        new GenericContainer<>(DockerImageName.parse(image))
            .withCommand(
                "--controller",
                "--csi-endpoint=unix:///tmp/csi/csi.sock",
                "--linstor-endpoint=http://127.0.0.1:3370",
                "--metrics-address=:" + METRICS_PORT)
            .withExposedPorts(METRICS_PORT)
            .waitingFor(Wait.forHttp("/metrics").forPort(METRICS_PORT).forStatusCode(200))
            .withStartupTimeout(START)) {
      controller.start();
      awaitSocket(controller, "/tmp/csi/csi.sock");

      String status = controller.execInContainer("cat", "/proc/1/status").getStdout();
      assertThat(status.lines().filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow())
          .matches("Uid:\\s+10001\\s+10001\\s+10001\\s+10001");
      assertThat(
              controller
                  .execInContainer("stat", "-c", "%u %F", "/tmp/csi/csi.sock")
                  .getStdout()
                  .strip())
          .isEqualTo("10001 socket");

      HttpResponse<String> metrics =
          get(controller.getHost(), controller.getMappedPort(METRICS_PORT));
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("jvm_memory");
    }
  }

  /** The driver binds its socket after the metrics endpoint; give it a bounded time. */
  private static void awaitSocket(GenericContainer<?> container, String path) throws Exception {
    long deadline = System.nanoTime() + START.toNanos();
    while (container.execInContainer("test", "-S", path).getExitCode() != 0) {
      if (System.nanoTime() > deadline) {
        Assertions.fail("no socket " + path + " after " + START + ":\n" + container.getLogs());
      }
      Thread.sleep(200);
    }
  }

  private static String exec(String... command) throws Exception {
    ExecResult result = tools.execInContainer(command);
    assertThat(result.getExitCode())
        .as("%s: %s%s", String.join(" ", command), result.getStdout(), result.getStderr())
        .isZero();
    return result.getStdout();
  }

  private static HttpResponse<String> get(String host, int port) throws Exception {
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/metrics"))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  private static String baseImage(String env, String fallback) {
    String value = System.getenv(env);
    return (value == null || value.isBlank() ? fallback : value).toLowerCase(Locale.ROOT);
  }
}
