package io.linstorcsi.linstor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The recorded exchanges of a real LINSTOR 1.33.3 controller (reference material, read only). */
final class Recordings {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static List<Exchange> cache;

  private Recordings() {}

  /** One recorded request and its answer. */
  record Exchange(
      int seq,
      String file,
      String name,
      String method,
      String path,
      JsonNode query,
      JsonNode requestBody,
      int status,
      JsonNode body) {

    byte[] bodyBytes() {
      try {
        return JSON.writeValueAsBytes(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    boolean ok() {
      return status >= 200 && status < 300;
    }

    @Override
    public String toString() {
      return "#" + seq + " " + method + " " + path + " -> " + status + " (" + name + ")";
    }
  }

  static Path directory() {
    String dir =
        System.getProperty("linstor.recordings", "../../shared/reference/linstor-recordings");
    Path path = Path.of(dir);
    if (!Files.isDirectory(path)) {
      throw new IllegalStateException("LINSTOR recordings not found at " + path.toAbsolutePath());
    }
    return path;
  }

  static synchronized List<Exchange> all() {
    if (cache != null) {
      return cache;
    }
    List<Exchange> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory())) {
      for (Path file : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
        for (String line : Files.readAllLines(file)) {
          if (line.isBlank()) {
            continue;
          }
          JsonNode r = JSON.readTree(line);
          JsonNode req = r.get("request");
          JsonNode resp = r.get("response");
          out.add(
              new Exchange(
                  r.get("seq").asInt(),
                  file.getFileName().toString(),
                  r.get("name").asText(),
                  req.get("method").asText(),
                  req.get("path").asText(),
                  req.get("query"),
                  req.get("body"),
                  resp.get("status").asInt(),
                  resp.get("body")));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    cache = List.copyOf(out);
    return cache;
  }

  static Exchange seq(int seq) {
    return all().stream()
        .filter(e -> e.seq() == seq)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no record " + seq));
  }
}
