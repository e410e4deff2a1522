package io.linstorcsi.linstor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.linstorcsi.linstor.error.LinstorException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A controller that answers HTTP 500 with an error entry was reached: the failure carries LINSTOR's
 * own words and says that LINSTOR answered, unlike a call that got no answer at all.
 */
class SatelliteFailureAnswerTest {
  /**
   * The shape of a satellite-side failure as the controller relays it: the satellite's message
   * prefixed with "(node) " (controller CtrlSatelliteUpdateCaller.deserializeApiCallRc), the texts
   * of the satellite's failed external command (linstor-server ExtCmdFailedException), the code
   * FAIL_UNKNOWN_ERROR with the resource and create bits, as the recorded 500 answers carry theirs.
   */
  private static final String SATELLITE_FAILURE =
      """
      [{"ret_code": -4611686018407201818,
        "message": "(node-a) Execution of the external command 'losetup' failed.",
        "cause": "losetup is not installed on the node",
        "details": "The full command line executed was:\\nlosetup --find --show /srv/pvc-1_0.img",
        "correction": "Install the program that provides losetup (Debian: util-linux).",
        "error_report_ids": ["6B0DE848-00000-000021"],
        "obj_refs": {"RscDfn": "pvc-1", "Node": "node-a"},
        "created_at": "2026-11-30T21:20:17.478578229Z"}]
      """;

  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          byte[] body = SATELLITE_FAILURE.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(500, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void errorEntryOn500_isLinstorsAnswer_withItsMessage() {
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    try (LinstorClient client = LinstorClient.builder().endpoints(List.of(uri)).build()) {
      LinstorException e =
          catchThrowableOfType(
              LinstorException.class, () -> client.resources().create("pvc-1", "node-a", "sp1"));
      assertThat(e.httpStatus()).isEqualTo(500);
      assertThat(e.linstorAnswered()).isTrue();
      assertThat(e.firstError().message())
          .isEqualTo("(node-a) Execution of the external command 'losetup' failed.");
      assertThat(e.getMessage()).contains("losetup").doesNotContain("no answer");
    }
  }

  @Test
  void noAnswerAtAll_isNotLinstorsAnswer() throws IOException {
    URI dead;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      dead = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
    try (LinstorClient client = LinstorClient.builder().endpoints(List.of(dead)).build()) {
      LinstorException e =
          catchThrowableOfType(
              LinstorException.class, () -> client.resources().create("pvc-1", "node-a", "sp1"));
      assertThat(e).isInstanceOf(LinstorException.Unavailable.class);
      assertThat(e.linstorAnswered()).isFalse();
    }
  }
}
