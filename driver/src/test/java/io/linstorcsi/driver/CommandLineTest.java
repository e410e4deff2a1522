package io.linstorcsi.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {
  @TempDir Path dir;

  private record Result(int exit, String output) {}

  private Result run(String... args) throws Exception {
    Path log = dir.resolve("out-" + System.nanoTime() + ".log");
    Process p = RunningDriver.launch(log, args);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("process finished").isTrue();
    return new Result(p.exitValue(), Files.readString(log));
  }

  @Test
  void help_listsEveryFlagWithItsEnvironmentVariableAndDefault() throws Exception {
    Result r = run("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.output())
        .contains("--csi-endpoint")
        .contains("Env: CSI_ENDPOINT")
        .contains("unix:///var/lib/kubelet/plugins/linstor.csi.linbit.com/csi.sock")
        .contains("--node")
        .contains("Env: KUBE_NODE_NAME")
        .contains("--linstor-endpoint")
        .contains("Env: LS_CONTROLLERS")
        .contains("--log-level")
        .contains("Default: info")
        .contains("--log-format")
        .contains("--metrics-address")
        .contains("--linstor-api-requests-per-second")
        .contains("--linstor-api-burst")
        .contains("--bearer-token")
        .contains("--controller")
        .contains("--node-plugin")
        .contains("--enable-consistency-groups")
        .contains("--version");
  }

  @Test
  void version_printsDriverNameAndVersion() throws Exception {
    Result r = run("--version");
    assertThat(r.exit()).isZero();
    assertThat(r.output()).contains("linstor.csi.linbit.com").containsPattern("\\d+\\.\\d+\\.\\d+");
  }

  @Test
  void unknownFlag_isAUsageErrorWithExitCode2() throws Exception {
    Result r = run("--no-such-flag");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.output()).contains("Unknown option: '--no-such-flag'");
  }

  @Test
  void missingLinstorEndpoint_saysWhatToSetAndExits2() throws Exception {
    Result r = run("--csi-endpoint", "unix://" + dir.resolve("csi.sock"), "--controller");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.output()).contains("--linstor-endpoint").contains("LS_CONTROLLERS");
  }

  @Test
  void nodeRoleWithoutNodeName_exits2NamingTheFlag() throws Exception {
    Result r =
        run(
            "--csi-endpoint",
            "unix://" + dir.resolve("csi.sock"),
            "--node-plugin",
            "--linstor-endpoint",
            "http://127.0.0.1:1");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.output()).contains("--node is required");
  }

  @Test
  void badLogLevel_exits2() throws Exception {
    Result r =
        run(
            "--csi-endpoint",
            "unix://" + dir.resolve("csi.sock"),
            "--linstor-endpoint",
            "http://127.0.0.1:1",
            "--log-level",
            "loud");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.output()).contains("--log-level must be one of");
  }

  @Test
  void relativeSocketPath_exits2() throws Exception {
    Result r = run("--csi-endpoint", "unix://csi.sock", "--linstor-endpoint", "http://127.0.0.1:1");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.output()).contains("absolute unix socket path");
  }

  @Test
  void malformedLinstorEndpoint_exits2() throws Exception {
    Result r =
        run(
            "--csi-endpoint",
            "unix://" + dir.resolve("csi.sock"),
            "--linstor-endpoint",
            "ftp://linstor:3370");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.output()).contains("--linstor-endpoint must be http(s)://HOST[:PORT]");
  }
}
