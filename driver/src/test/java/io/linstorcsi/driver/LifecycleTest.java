package io.linstorcsi.driver;

import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.IdentityGrpc;
import csi.v1.ProbeRequest;
import csi.v1.ProbeResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LifecycleTest {
  @TempDir Path dir;

  @Test
  void sigtermDuringASlowCall_letsTheCallFinishThenExitsZeroAndRemovesTheSocket() throws Exception {
    try (SlowLinstor linstor = new SlowLinstor(Duration.ofMillis(2500))) {
      Path socket = dir.resolve("csi.sock");
      RunningDriver driver =
          RunningDriver.start(
              socket,
              dir.resolve("driver.log"),
              "--controller",
              "--linstor-endpoint",
              linstor.url());
      var identity = IdentityGrpc.newBlockingStub(driver.channel());
      identity.getPluginInfo(csi.v1.GetPluginInfoRequest.getDefaultInstance()); // connected

      CompletableFuture<ProbeResponse> slow =
          CompletableFuture.supplyAsync(() -> identity.probe(ProbeRequest.getDefaultInstance()));
      Thread.sleep(800); // the Probe is now waiting on LINSTOR
      assertThat(slow).isNotDone();
      driver.process.destroy(); // SIGTERM

      ProbeResponse response = slow.get(20, TimeUnit.SECONDS);
      assertThat(response.getReady().getValue()).isTrue();
      assertThat(driver.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(driver.process.exitValue()).as(driver.output()).isZero();
      assertThat(socket).doesNotExist();
      assertThat(driver.output()).contains("stopping: no new calls");
      driver.close();
    }
  }

  @Test
  void probe_inControllerMode_isNotReadyWhileLinstorCannotBeReached() throws Exception {
    try (RunningDriver driver =
        RunningDriver.start(
            dir.resolve("csi.sock"),
            dir.resolve("driver.log"),
            "--controller",
            "--linstor-endpoint",
            "http://127.0.0.1:1")) {
      ProbeResponse response =
          IdentityGrpc.newBlockingStub(driver.channel()).probe(ProbeRequest.getDefaultInstance());
      assertThat(response.getReady().getValue()).isFalse();
    }
  }

  @Test
  void probe_inControllerMode_isReadyWhenLinstorAnswers() throws Exception {
    try (SlowLinstor linstor = new SlowLinstor(Duration.ZERO);
        RunningDriver driver =
            RunningDriver.start(
                dir.resolve("csi.sock"),
                dir.resolve("driver.log"),
                "--controller",
                "--linstor-endpoint",
                linstor.url())) {
      ProbeResponse response =
          IdentityGrpc.newBlockingStub(driver.channel()).probe(ProbeRequest.getDefaultInstance());
      assertThat(response.getReady().getValue()).isTrue();
    }
  }

  @Test
  void metrics_areServedWhenAnAddressIsGiven() throws Exception {
    int port;
    try (var probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    try (SlowLinstor linstor = new SlowLinstor(Duration.ZERO);
        RunningDriver driver =
            RunningDriver.start(
                dir.resolve("csi.sock"),
                dir.resolve("driver.log"),
                "--controller",
                "--linstor-endpoint",
                linstor.url(),
                "--metrics-address",
                "127.0.0.1:" + port)) {
      IdentityGrpc.newBlockingStub(driver.channel()).probe(ProbeRequest.getDefaultInstance());
      var http = java.net.http.HttpClient.newHttpClient();
      String body =
          http.send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(body)
          .contains("csi_rpc_total{code=\"OK\",method=\"Probe\"} 1")
          .contains("linstor_requests_total{operation=")
          .contains("jvm_memory_used_bytes");
    }
  }

  @Test
  void jsonLogFormat_writesOneJsonObjectPerLine() throws Exception {
    try (RunningDriver driver =
        RunningDriver.start(
            dir.resolve("csi.sock"),
            dir.resolve("driver.log"),
            "--node-plugin",
            "--node",
            "n1",
            "--linstor-endpoint",
            "http://127.0.0.1:1",
            "--log-format",
            "json",
            "--bearer-token",
            "s3cr3t-token")) {
      IdentityGrpc.newBlockingStub(driver.channel()).probe(ProbeRequest.getDefaultInstance());
      String out = driver.output();
      assertThat(out.lines().filter(l -> l.startsWith("{")))
          .isNotEmpty()
          .anySatisfy(l -> assertThat(l).contains("\"level\":\"INFO\"").contains("serving CSI"));
      // secrets never reach a log line
      assertThat(out).doesNotContain("s3cr3t-token").contains("bearerToken=<redacted>");
    }
  }
}
