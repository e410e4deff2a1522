package io.linstorcsi.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Injected faults of REST calls and satellites, and the request log. */
class FaultInjectionTest {
  private LinstorEmulator emu;
  private Rest rest;

  @BeforeEach
  void start() {
    emu =
        LinstorEmulator.builder()
            .nodes("node-a", "node-b", "node-c")
            .storagePool("sp1", "LVM_THIN", 10L << 20)
            .build()
            .start();
    rest = new Rest(emu);
  }

  @AfterEach
  void stop() {
    emu.close();
  }

  @Test
  void failNext_answersTheNextCallsWith500_andChangesNothing() {
    emu.faults().failNext(2);
    String body = "{\"resource_definition\":{\"name\":\"pvc-f\"}}";
    Http.Response first = rest.http.post("/v1/resource-definitions", body);
    assertThat(first.status()).isEqualTo(500);
    assertThat(first.body().get(0).get("ret_code").asLong()).isNegative();
    assertThat(rest.http.get("/v1/resource-definitions/pvc-f").status()).isEqualTo(500);
    assertThat(rest.http.get("/v1/resource-definitions/pvc-f").status()).isEqualTo(404);
    assertThat(rest.http.post("/v1/resource-definitions", body).status()).isEqualTo(201);
  }

  @Test
  void failNext_withAPattern_hitsOnlyMatchingCalls() {
    emu.faults().failNext(1, "POST", "/v1/resource-definitions/*/snapshots");
    rest.definition("pvc-s", 4096);
    assertThat(rest.autoplace("pvc-s", "{\"place_count\":2}").status()).isEqualTo(201);
    assertThat(rest.http.get("/v1/nodes").status()).isEqualTo(200);
    assertThat(
            rest.http
                .post("/v1/resource-definitions/pvc-s/snapshots", "{\"name\":\"s1\"}")
                .status())
        .isEqualTo(500);
    assertThat(
            rest.http
                .post("/v1/resource-definitions/pvc-s/snapshots", "{\"name\":\"s1\"}")
                .status())
        .isEqualTo(201);
  }

  @Test
  void hangNext_leavesTheCallUnanswered_pastTheClientTimeout() throws Exception {
    emu.faults().hangNext(1, Duration.ofSeconds(2));
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(emu.baseUrl().resolve("/v1/nodes"))
            .timeout(Duration.ofMillis(300))
            .GET()
            .build();
    assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(HttpTimeoutException.class);
    // the next call is answered normally
    assertThat(rest.http.get("/v1/nodes").status()).isEqualTo(200);
  }

  @Test
  void latency_delaysEveryCall() {
    emu.faults().latency(Duration.ofMillis(200));
    long t0 = System.nanoTime();
    rest.http.get("/v1/controller/version");
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));
    emu.faults().clearCallFaults();
  }

  @Test
  void satelliteDelay_exposesRegisteredButUndeployedResources() throws Exception {
    rest.definition("pvc-slow", 4096);
    emu.faults().satelliteDelay(Duration.ofMillis(300));
    List<JsonNode> seen = new CopyOnWriteArrayList<>();
    AtomicBoolean done = new AtomicBoolean();
    CountDownLatch polling = new CountDownLatch(1);
    Thread poller =
        Thread.ofVirtual()
            .start(
                () -> {
                  Http http = new Http(emu.baseUrl());
                  while (!done.get()) {
                    seen.add(http.get("/v1/resource-definitions/pvc-slow/resources").body());
                    polling.countDown();
                  }
                });
    assertThat(polling.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(rest.autoplace("pvc-slow", "{\"place_count\":2}").status()).isEqualTo(201);
    done.set(true);
    poller.join();
    // while the satellites worked, the replicas had neither device path nor state (recorded)
    assertThat(seen)
        .anySatisfy(
            list -> {
              assertThat(list).isNotEmpty();
              JsonNode first = list.get(0);
              assertThat(first.has("state")).isFalse();
              assertThat(first.has("create_timestamp")).isFalse();
            });
    assertThat(rest.resource("pvc-slow", rest.diskfulNodesOf("pvc-slow").get(0)).has("state"))
        .isTrue();
  }

  @Test
  void nodeOffline_andOnline_changeTheNodeAndItsPools() {
    emu.faults().nodeOffline("node-c");
    JsonNode node = rest.http.get("/v1/nodes/node-c").body();
    assertThat(node.get("connection_status").asText()).isEqualTo("OFFLINE");
    assertThat(node.get("eviction_timestamp").asLong()).isGreaterThan(System.currentTimeMillis());
    JsonNode pool = rest.http.get("/v1/nodes/node-c/storage-pools/sp1").body();
    assertThat(pool.has("free_capacity")).isFalse();
    assertThat(pool.path("reports").get(0).path("message").asText())
        .contains("No active connection");
    rest.definition("pvc-o", 4096);
    Http.Response three = rest.autoplace("pvc-o", "{\"place_count\":3}");
    assertThat(three.status()).isEqualTo(500);
    assertThat(Rest.codes(three)).containsExactly(996L);
    // a resource on the offline node is accepted and deployed once the node is back (recorded)
    Http.Response onC = rest.create("pvc-o", "node-c", "sp1");
    assertThat(onC.status()).isEqualTo(201);
    assertThat(Rest.codes(onC)).contains(1002L);
    assertThat(rest.volume("pvc-o", "node-c").has("device_path")).isFalse();
    emu.faults().nodeOnline("node-c");
    assertThat(rest.http.get("/v1/nodes/node-c").body().get("connection_status").asText())
        .isEqualTo("ONLINE");
    assertThat(rest.volume("pvc-o", "node-c").path("device_path").asText()).startsWith("/dev/drbd");
  }

  @Test
  void requestLog_countsCallsByMethodAndTemplate() {
    emu.requests().reset();
    rest.definition("pvc-r", 4096);
    rest.http.get("/v1/resource-definitions/pvc-r");
    rest.http.get("/v1/resource-definitions/pvc-r");
    assertThat(emu.requests().count()).isEqualTo(4);
    assertThat(emu.requests().count("GET", "/v1/resource-definitions/{resource}")).isEqualTo(2);
    assertThat(
            emu.requests().count("POST", "/v1/resource-definitions/{resource}/volume-definitions"))
        .isEqualTo(1);
    assertThat(emu.requests().countMatching(RequestRecord::write)).isEqualTo(2);
    assertThat(emu.requests().last())
        .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(200));
    emu.requests().reset();
    assertThat(emu.requests().count()).isZero();
  }

  @Test
  void unknownPathIs404_wrongMethodIs405_asRecorded() {
    Http.Response missing = rest.http.get("/v1/no-such-endpoint");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body().get(0).get("details").asText()).isEqualTo("HTTP 404 Not Found");
    Http.Response wrong = rest.http.delete("/v1/nodes");
    assertThat(wrong.status()).isEqualTo(405);
    assertThat(wrong.body().get(0).get("details").asText())
        .isEqualTo("HTTP 405 Method Not Allowed");
  }

  @Test
  void unknownNamesInTheFaultApi_areRejected() {
    assertThatThrownBy(() -> emu.faults().nodeOnline("nosuch"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> emu.faults().poolFull("node-a", "nosuch", true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> emu.faults().degrade("nosuch", "node-a"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
