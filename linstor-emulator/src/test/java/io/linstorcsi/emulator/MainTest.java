package io.linstorcsi.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linstorcsi.emulator.state.SyncPolicy;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The standalone emulator: flags, serving, and a clean stop on SIGTERM. */
class MainTest {
  @TempDir Path dir;

  @Test
  void help_describesTheFlags() {
    StringWriter out = new StringWriter();
    int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).execute("--help");
    assertThat(code).isZero();
    assertThat(out.toString())
        .contains(
            "--port",
            "--nodes",
            "--storage-pool",
            "--backing-dir",
            "--offline",
            "--sync",
            "--help");
  }

  @Test
  void syncPolicy_instantManualOrTimedWithARate() {
    assertThat(Main.parseSyncPolicy("instant")).isEqualTo(SyncPolicy.INSTANT);
    assertThat(Main.parseSyncPolicy("MANUAL")).isEqualTo(SyncPolicy.MANUAL);
    assertThat(Main.parseSyncPolicy("timed:100MiB")).isEqualTo(SyncPolicy.timed(100L << 10));
    assertThatThrownBy(() -> Main.parseSyncPolicy("timed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kib_per_second");
    assertThatThrownBy(() -> Main.parseSyncPolicy("fast"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("instant, manual or timed");
  }

  @Test
  void sizes_acceptBinaryUnits() {
    assertThat(Main.parseSizeKib("20GiB")).isEqualTo(20L << 20);
    assertThat(Main.parseSizeKib("512MiB")).isEqualTo(512L << 10);
    assertThat(Main.parseSizeKib("1TiB")).isEqualTo(1L << 30);
    assertThat(Main.parseSizeKib("4096")).isEqualTo(4096);
  }

  @Test
  @Tag("privileged")
  void process_servesUntilSigterm_thenDetachesItsLoopDevices() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "io.linstorcsi.emulator.Main",
                "--port",
                String.valueOf(port),
                "--nodes",
                "n1,n2,n3",
                "--storage-pool",
                "sp1:FILE_THIN:1GiB",
                "--offline",
                "n3",
                "--backing-dir",
                dir.toString()));
    Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null && !line.contains("listening on")) {
        // log lines before the address
      }
      assertThat(line).contains("http://127.0.0.1:" + port);
      Thread.ofVirtual().start(() -> out.lines().forEach(l -> {}));
      Http http = new Http(URI.create("http://127.0.0.1:" + port));
      assertThat(http.get("/v1/nodes").body()).hasSize(3);
      assertThat(http.get("/v1/nodes/n3").body().get("connection_status").asText())
          .isEqualTo("OFFLINE");
      assertThat(
              http.post(
                      "/v1/resource-definitions", "{\"resource_definition\":{\"name\":\"pvc-m\"}}")
                  .status())
          .isEqualTo(201);
      http.post(
          "/v1/resource-definitions/pvc-m/volume-definitions",
          "{\"volume_definition\":{\"size_kib\":4096}}");
      assertThat(
              http.post(
                      "/v1/resource-definitions/pvc-m/autoplace",
                      "{\"select_filter\":{\"place_count\":2}}")
                  .status())
          .isEqualTo(201);
      assertThat(http.post("/emulator/nodes/n3/online", "{}").status()).isEqualTo(200);
      assertThat(Host.loopsBackedBy(dir.toString())).isNotEmpty();
    } finally {
      process.destroy();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(Host.loopsLeft(dir.toString())).isEmpty();
  }
}
