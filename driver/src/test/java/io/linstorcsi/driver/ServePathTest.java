package io.linstorcsi.driver;

import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.IdentityGrpc;
import csi.v1.ProbeRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a start of the driver does besides serving: it loads no class of the operator commands or
 * test tools, and prints no JVM warning, when started with the flags the launcher and the image
 * use.
 */
class ServePathTest {
  /** Packages the serve path never needs; picocli used to load the subcommands' classes eagerly. */
  private static final List<String> FOREIGN =
      List.of(
          "io.linstorcsi.driver.status.",
          "io.linstorcsi.driver.demo.",
          "io.linstorcsi.driver.training.",
          "io.linstorcsi.emulator.",
          "io.fabric8.");

  @TempDir Path dir;

  @Test
  void bothRoles_probed_loadNoOperatorCommandOrToolClasses() throws Exception {
    Path classes = dir.resolve("classes.log");
    List<String> flags = new ArrayList<>(launcherFlags());
    flags.add("-Xlog:class+load=info:file=" + classes);
    probe(flags);

    List<String> foreign =
        Files.readAllLines(classes).stream()
            .filter(line -> FOREIGN.stream().anyMatch(line::contains))
            .toList();
    assertThat(foreign).as("classes loaded by the serve path").isEmpty();
  }

  @Test
  void launcherFlags_probe_printsNoSunMiscUnsafeWarning() throws Exception {
    // protobuf calls sun.misc.Unsafe when it first serialises a message; JDK 24+ warns about it
    String output = probe(launcherFlags());

    assertThat(output).contains("serving CSI on").doesNotContain("sun.misc.Unsafe");
    assertThat(output).doesNotContain("WARNING:");
  }

  /** Starts the driver in both roles with the flags, answers one Probe, stops it; its output. */
  private String probe(List<String> flags) throws Exception {
    Path log = dir.resolve("driver.log");
    try (RunningDriver driver =
        RunningDriver.start(
            flags,
            dir.resolve("csi.sock"),
            log,
            "--node",
            "n1",
            "--linstor-endpoint",
            "http://127.0.0.1:1",
            "--kubelet-root",
            dir.toString())) {
      IdentityGrpc.newBlockingStub(driver.channel())
          .withWaitForReady()
          .withDeadlineAfter(30, TimeUnit.SECONDS)
          .probe(ProbeRequest.getDefaultInstance());
    }
    return Files.readString(log);
  }

  /** The JVM flags of bin/linstor-csi (bin/jdk.sh), without the AOT cache this test has none of. */
  static List<String> launcherFlags() throws Exception {
    Path jdkSh = Path.of("..", "bin", "jdk.sh").toAbsolutePath().normalize();
    Process p =
        new ProcessBuilder(
                "bash",
                "-c",
                "source \"$1\" >/dev/null && linstor_csi_jvm_opts",
                "flags",
                jdkSh.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor()).as("sourcing " + jdkSh).isZero();
    assertThat(out).as("flags from " + jdkSh).isNotBlank();
    return Arrays.asList(out.split("\\s+"));
  }
}
