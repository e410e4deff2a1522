package io.linstorcsi.linstor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.model.ResourceDefinition;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Controller failover (a dead first endpoint), the rate limit on a fake clock, and the listener,
 * over real HTTP on loopback.
 */
class FailoverAndRateLimitTest {
  private CapturingController live;
  private URI dead;
  private final List<CallEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    live = new CapturingController();
    dead = deadEndpoint();
  }

  @AfterEach
  void stop() {
    live.close();
  }

  /** A loopback port nothing listens on: connections are refused at once. */
  static URI deadEndpoint() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
  }

  @Test
  void deadFirstController_isSkipped_andTheWorkingOneRemembered() {
    try (LinstorClient client =
        LinstorClient.builder()
            .endpoints(List.of(dead, live.uri()))
            .listener(events::add)
            .build()) {
      assertThat(client.activeEndpoint()).isEqualTo(dead);
      client.nodes().list();
      assertThat(client.activeEndpoint()).isEqualTo(live.uri());
      client.nodes().list();
      // derived clients share the remembered controller
      client.withCallTimeout(Duration.ofSeconds(5)).nodes().list();
    }
    assertThat(events).extracting(CallEvent::attempts).containsExactly(2, 1, 1);
    assertThat(events).allSatisfy(e -> assertThat(e.endpoint()).isEqualTo(live.uri()));
    assertThat(events).allSatisfy(e -> assertThat(e.httpStatus()).isEqualTo(200));
    assertThat(live.requests()).hasSize(3);
  }

  @Test
  void writeToARefusingController_movesOn_becauseNothingWasSent() {
    try (LinstorClient client =
        LinstorClient.builder().endpoints(List.of(dead, live.uri())).build()) {
      client.resourceDefinitions().create(ResourceDefinition.of("pvc-1", "rg", null, null));
    }
    assertThat(live.requests())
        .singleElement()
        .satisfies(r -> assertThat(r.method()).isEqualTo("POST"));
  }

  @Test
  void noControllerListening_isUnavailable_afterEveryEndpointAndRetry() throws IOException {
    URI alsoDead = deadEndpoint();
    List<Long> slept = new CopyOnWriteArrayList<>();
    try (LinstorClient client =
        LinstorClient.builder()
            .endpoints(List.of(dead, alsoDead))
            .retries(2)
            .backoff(Duration.ofMillis(100), Duration.ofMillis(150))
            .clock(System::nanoTime, slept::add)
            .listener(events::add)
            .build()) {
      assertThatThrownBy(() -> client.nodes().list())
          .isInstanceOf(LinstorException.Unavailable.class)
          .satisfies(e -> assertThat(((LinstorException) e).httpStatus()).isZero())
          .hasMessageContaining("2 controller(s) tried");
    }
    assertThat(slept).containsExactly(100_000_000L, 150_000_000L);
    CallEvent event = events.getLast();
    assertThat(event.attempts()).isEqualTo(6);
    assertThat(event.httpStatus()).isZero();
    assertThat(event.endpoint()).isNull();
    assertThat(event.outcome()).isEqualTo("Unavailable");
  }

  @Test
  void callTimeout_boundsTheRetries_soNoneStartsThatCannotFinish() {
    List<Long> slept = new CopyOnWriteArrayList<>();
    AtomicLong now = new AtomicLong();
    try (LinstorClient client =
        LinstorClient.builder()
            .endpoints(List.of(dead))
            .retries(5)
            .backoff(Duration.ofSeconds(1), Duration.ofSeconds(10))
            .clock(
                now::get,
                nanos -> {
                  slept.add(nanos);
                  now.addAndGet(nanos);
                })
            .build()) {
      LinstorClient bounded = client.withCallTimeout(Duration.ofMillis(2500));
      assertThatThrownBy(() -> bounded.nodes().list())
          .isInstanceOf(LinstorException.Unavailable.class);
      // after waiting 1 s, a wait of 2 s more would end past the 2.5 s budget
      assertThat(slept).containsExactly(1_000_000_000L);
      assertThatThrownBy(() -> client.withCallTimeout(Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void writes_areNotRetried_whenNoControllerListens() {
    List<Long> slept = new CopyOnWriteArrayList<>();
    try (LinstorClient client =
        LinstorClient.builder()
            .endpoints(List.of(dead))
            .retries(3)
            .clock(System::nanoTime, slept::add)
            .listener(events::add)
            .build()) {
      assertThatThrownBy(() -> client.resources().delete("pvc-1", "node-a"))
          .isInstanceOf(LinstorException.Unavailable.class);
    }
    assertThat(slept).isEmpty();
    assertThat(events.getLast().attempts()).isEqualTo(1);
  }

  @Test
  void rateLimit_letsTheBurstThrough_thenSpacesRequests() {
    AtomicLong now = new AtomicLong();
    List<Long> slept = new CopyOnWriteArrayList<>();
    try (LinstorClient client =
        LinstorClient.builder()
            .endpoints(List.of(live.uri()))
            .requestsPerSecond(4)
            .burst(2)
            .clock(now::get, slept::add)
            .build()) {
      for (int i = 0; i < 5; i++) {
        client.nodes().list();
      }
      assertThat(slept).containsExactly(250_000_000L, 500_000_000L, 750_000_000L);
      now.addAndGet(10_000_000_000L); // ten idle seconds refill the burst, not more
      slept.clear();
      for (int i = 0; i < 3; i++) {
        client.nodes().list();
      }
      assertThat(slept).containsExactly(250_000_000L);
    }
    assertThat(live.requests()).hasSize(8);
  }

  @Test
  void withoutRateLimit_nothingWaits() {
    List<Long> slept = new CopyOnWriteArrayList<>();
    try (LinstorClient client =
        LinstorClient.builder()
            .endpoints(List.of(live.uri()))
            .requestsPerSecond(0)
            .clock(() -> 0L, slept::add)
            .build()) {
      for (int i = 0; i < 20; i++) {
        client.nodes().list();
      }
    }
    assertThat(slept).isEmpty();
  }

  @Test
  void listener_hearsOperationMethodStatusAndDuration_andItsFailuresAreContained() {
    try (LinstorClient client =
        LinstorClient.builder()
            .endpoints(List.of(live.uri()))
            .listener(
                e -> {
                  events.add(e);
                  throw new IllegalStateException("a broken metrics sink");
                })
            .build()) {
      client.resources().view(ListFilter.all());
      client.snapshots().delete("pvc-1", "snap-1");
    }
    assertThat(events)
        .extracting(CallEvent::operation)
        .containsExactly("resources.view", "snapshots.delete");
    assertThat(events).extracting(CallEvent::method).containsExactly("GET", "DELETE");
    assertThat(events).allSatisfy(e -> assertThat(e.succeeded()).isTrue());
    assertThat(events).allSatisfy(e -> assertThat(e.duration()).isPositive());
  }
}
