package io.linstorcsi.e2e;

import io.linstorcsi.emulator.LinstorEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulator runs inside the test's JVM, beside whatever else the test does there. Its loop
 * devices must not depend on shared thread pools that the test may keep busy: an end-to-end run
 * that blocked the common fork-join pool with a gRPC call saw volume creation fail and a loop
 * device leak.
 */
@Tag("privileged")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EmulatorHostCommandsTest {
  @TempDir Path dir;

  @Test
  void autoplace_whileTheCommonPoolIsBusy_succeedsAndLeaksNoLoopDevice() throws Exception {
    Path backing = dir.resolve("backing");
    CountDownLatch release = new CountDownLatch(1);
    List<CompletableFuture<Void>> blockers = new ArrayList<>();
    HttpResponse<String> placed;
    try (LinstorEmulator emu =
        LinstorEmulator.builder()
            .nodes("node-a", "node-b")
            .storagePool("sp1", "FILE_THIN", 1L << 20)
            .backingDir(backing)
            .build()
            .start()) {
      for (int i = 0; i < ForkJoinPool.getCommonPoolParallelism(); i++) {
        blockers.add(CompletableFuture.runAsync(() -> awaitQuietly(release)));
      }
      post(
          emu.baseUrl(), "/v1/resource-definitions", "{\"resource_definition\":{\"name\":\"r1\"}}");
      post(
          emu.baseUrl(),
          "/v1/resource-definitions/r1/volume-definitions",
          "{\"volume_definition\":{\"size_kib\":65536}}");
      placed =
          post(
              emu.baseUrl(),
              "/v1/resource-definitions/r1/autoplace",
              "{\"select_filter\":{\"place_count\":1,\"storage_pool\":\"sp1\"}}");
    } finally {
      release.countDown();
      CompletableFuture.allOf(blockers.toArray(CompletableFuture[]::new)).join();
    }
    List<String> leaked = Host.loopsBackedBy(dir);
    leaked.forEach(l -> Host.run("losetup", "--detach", l.substring(0, l.indexOf(' '))));
    SoftAssertions.assertSoftly(
        soft -> {
          soft.assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
          soft.assertThat(leaked).as("loop devices left attached after close()").isEmpty();
        });
  }

  private static HttpResponse<String> post(URI base, String path, String json) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
