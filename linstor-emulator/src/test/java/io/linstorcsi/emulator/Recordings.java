package io.linstorcsi.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The recorded exchanges of a real LINSTOR controller (the project's reference material). */
final class Recordings {
  static final Path DIR =
      Path.of(
          System.getProperty("linstor.recordings", "../../shared/reference/linstor-recordings"));

  /** One recorded request and the controller's answer. */
  record Exchange(
      String file,
      int seq,
      String name,
      String method,
      String path,
      List<List<String>> query,
      JsonNode body,
      boolean rawBody,
      int status,
      JsonNode response,
      boolean polled) {

    /** Path and query as sent, values URL-encoded. */
    String target() {
      if (query.isEmpty()) {
        return path;
      }
      StringBuilder b = new StringBuilder(path).append('?');
      for (int i = 0; i < query.size(); i++) {
        b.append(i == 0 ? "" : "&")
            .append(URLEncoder.encode(query.get(i).get(0), StandardCharsets.UTF_8))
            .append('=')
            .append(URLEncoder.encode(query.get(i).get(1), StandardCharsets.UTF_8));
      }
      return b.toString();
    }

    /** The body as sent: the verbatim text for the raw cases, else the JSON. */
    String bodyText() {
      if (body == null || body.isNull()) {
        return null;
      }
      return rawBody ? body.asText() : body.toString();
    }

    @Override
    public String toString() {
      return file.substring(0, 2) + "#" + seq + " " + method + " " + target() + " (" + name + ")";
    }
  }

  private Recordings() {}

  /** The recordings of a controller with the DRBD layer on real DRBD 9 nodes. */
  static final Path DRBD_DIR =
      Path.of(
          System.getProperty(
              "linstor.drbd.recordings", "../../shared/reference/linstor-drbd-recordings"));

  static List<Exchange> load(String fileName) {
    return load(DIR, fileName);
  }

  static List<Exchange> load(Path dir, String fileName) {
    List<Exchange> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(dir.resolve(fileName))) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode r = Http.JSON.readTree(line);
        JsonNode req = r.get("request");
        List<List<String>> query = new ArrayList<>();
        if (req.hasNonNull("query")) {
          req.get("query").forEach(q -> query.add(List.of(q.get(0).asText(), q.get(1).asText())));
        }
        out.add(
            new Exchange(
                fileName,
                r.get("seq").asInt(),
                r.get("name").asText(),
                req.get("method").asText(),
                req.get("path").asText(),
                query,
                req.get("body"),
                req.path("body_is_raw_text").asBoolean(false),
                r.get("response").get("status").asInt(),
                r.get("response").get("body"),
                r.get("elapsed_ms").isNull()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
