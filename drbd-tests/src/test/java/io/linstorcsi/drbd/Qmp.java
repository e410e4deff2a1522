package io.linstorcsi.drbd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * qemu's machine protocol (QMP) over its Unix socket: JSON lines, a greeting, capability
 * negotiation, then commands answered by {@code return} or {@code error}; asynchronous {@code
 * event} lines may come in between and are skipped.
 */
final class Qmp implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration ANSWER = Duration.ofSeconds(20);

  private final LineChannel channel;

  private Qmp(LineChannel channel) {
    this.channel = channel;
  }

  static Qmp connect(Path socket, Duration timeout, BooleanSupplier alive)
      throws IOException, InterruptedException {
    Qmp qmp = new Qmp(LineChannel.connect(socket, timeout, alive));
    JsonNode greeting = qmp.next(Instant.now().plus(ANSWER));
    if (!greeting.has("QMP")) {
      throw new IOException("not a QMP greeting: " + greeting);
    }
    qmp.execute("qmp_capabilities", Map.of());
    return qmp;
  }

  /** Connects or disconnects a guest NIC's link, as pulling a cable would. */
  void setLink(String device, boolean up) {
    execute("set_link", Map.of("name", device, "up", up));
  }

  synchronized JsonNode execute(String command, Map<String, Object> arguments) {
    ObjectNode request = JSON.createObjectNode().put("execute", command);
    if (!arguments.isEmpty()) {
      request.set("arguments", JSON.valueToTree(arguments));
    }
    channel.send(request.toString());
    Instant deadline = Instant.now().plus(ANSWER);
    try {
      while (true) {
        JsonNode answer = next(deadline);
        if (answer.has("return")) {
          return answer.get("return");
        }
        if (answer.has("error")) {
          throw new IllegalStateException("QMP " + request + " failed: " + answer.get("error"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("QMP " + request, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during QMP " + request, e);
    }
  }

  private JsonNode next(Instant deadline) throws IOException, InterruptedException {
    while (Instant.now().isBefore(deadline)) {
      String line = channel.poll(Duration.ofMillis(200));
      if (line != null && !line.isBlank()) {
        JsonNode node = JSON.readTree(line);
        if (!node.has("event")) {
          return node;
        }
      }
    }
    throw new IOException("no QMP answer before " + deadline);
  }

  @Override
  public void close() {
    channel.close();
  }
}
