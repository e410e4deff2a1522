package io.linstorcsi.emulator.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.linstorcsi.emulator.backup.L2LMessages;
import io.linstorcsi.emulator.backup.Remote;
import io.linstorcsi.emulator.rc.Rc;
import io.linstorcsi.emulator.rc.RetCode;
import io.linstorcsi.emulator.server.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The sending controller's side of {@code /v1/internal/backups/...}
 * (controller/.../backup/l2l/rest/ BackupShippingRestClient.java): POSTs JSON to the remote's URL;
 * a refused request becomes the target's entries prefixed with {@code Remote '<name>': }, an
 * unreachable target an unknown error.
 */
final class L2LClient {
  /** The target refused or could not be reached; {@code entries} say why. */
  static final class Refused extends Exception {
    final transient List<Rc> entries;

    Refused(List<Rc> entries) {
      super(entries.isEmpty() ? "refused" : entries.get(0).message(), null, false, false);
      this.entries = entries;
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  <T> T post(Remote.Linstor remote, String action, Object message, Class<T> answer) throws Refused {
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(URI.create(remote.url() + "/v1/internal/backups/" + action))
              .timeout(Duration.ofSeconds(60))
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofByteArray(
                      L2LMessages.MAPPER.writeValueAsBytes(message)))
              .build();
    } catch (IOException | IllegalArgumentException e) {
      throw new Refused(List.of(unreachable(remote, e)));
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new Refused(List.of(unreachable(remote, e)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Refused(List.of(unreachable(remote, e)));
    }
    try {
      JsonNode body = L2LMessages.MAPPER.readTree(response.body());
      if (response.statusCode() != 200) {
        throw new Refused(prefixed(remote, body == null ? null : body.path("responses")));
      }
      return answer == null ? null : L2LMessages.MAPPER.treeToValue(body, answer);
    } catch (IOException e) {
      throw new Refused(
          List.of(
              Rc.of(
                      RetCode.error(0, RetCode.UNKNOWN_ERROR),
                      "Destination controller had error code " + response.statusCode())
                  .build()));
    }
  }

  private static Rc unreachable(Remote.Linstor remote, Exception e) {
    return Rc.of(
            RetCode.error(0, RetCode.UNKNOWN_ERROR),
            "Remote '" + remote.name() + "': could not reach " + remote.url())
        .cause(e.getClass().getSimpleName() + ": " + e.getMessage())
        .build();
  }

  /** The target's entries, each message prefixed with the remote (ApiCallRcImpl.copyAndPrefix). */
  static List<Rc> prefixed(Remote.Linstor remote, JsonNode responses) {
    List<Rc> out = new ArrayList<>();
    if (responses != null && responses.isArray()) {
      for (JsonNode r : responses) {
        Rc rc = Json.MAPPER.convertValue(r, Rc.class);
        out.add(
            new Rc(
                rc.retCode(),
                "Remote '" + remote.name() + "': " + rc.message(),
                rc.cause(),
                rc.details(),
                rc.correction(),
                rc.errorReportIds(),
                rc.objRefs(),
                rc.createdAt()));
      }
    }
    if (out.isEmpty()) {
      out.add(
          Rc.of(
                  RetCode.error(0, RetCode.UNKNOWN_ERROR),
                  "Most likely the destination controller is incompatible")
              .build());
    }
    return out;
  }
}
