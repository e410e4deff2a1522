package io.linstorcsi.driver.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The walkthrough when a step fails or the machine is set up differently from a developer's: what
 * it leaves behind and what it says.
 */
class DemoCleanupTest {
  @TempDir Path dir;

  @Test
  void createVolumeThatFailsAfterLinstorMadeTheResource_isDeletedAtTeardown() {
    DemoCommand command = new DemoCommand();
    // The spawn succeeds; the driver's next write to the new resource definition fails, so
    // CreateVolume answers an error for a volume that exists in LINSTOR.
    command.afterEmulatorStart =
        emulator -> emulator.faults().failNext(1, "PUT", "/v1/resource-definitions/*");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));

    int exit =
        cli.execute(
            "--work-dir", dir.resolve("demo").toString(), "--size", "64Mi", "--expand-to", "96Mi");

    String all = out + "\n" + err;
    assertThat(exit).as(all).isEqualTo(1);
    assertThat(err.toString()).contains("demo: a step failed");
    assertThat(out.toString())
        .contains("DeleteVolume pvc-")
        .doesNotContain("resource definitions left")
        .contains("clean");
  }

  @Test
  void demo_withAPathWithoutSbin_findsTheSystemToolsAndRunsEveryStep() throws Exception {
    // A separate JVM: Java resolves a program in its own process's PATH, fixed at start.
    Path work = dir.resolve("demo");
    List<String> java = new ArrayList<>();
    java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    java.add("-cp");
    java.add(System.getProperty("java.class.path"));
    java.add("io.linstorcsi.driver.Main");
    java.addAll(
        List.of("demo", "--work-dir", work.toString(), "--size", "64Mi", "--expand-to", "96Mi"));
    ProcessBuilder builder = new ProcessBuilder(java).redirectErrorStream(true);
    builder.environment().put("PATH", "/usr/local/bin" + File.pathSeparator + "/usr/bin:/bin");
    Process demo = builder.start();
    demo.getOutputStream().close();
    String output = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(demo.waitFor(5, TimeUnit.MINUTES)).isTrue();

    assertThat(demo.exitValue()).as(output).isZero();
    assertThat(output).contains("0 failed").contains("clean").doesNotContain("losetup");
    assertThat(Mounts.under(work)).isEmpty();
  }
}
