package io.linstorcsi.node.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real DRBD 9.3.3 recordings in {@code ../shared/reference/drbd9-recordings} beside the
 * repository: from the {@code drbd.recordings} system property (set by the build), else found by
 * walking up from the working directory. Missing recordings fail the test: they are its input.
 */
public final class Recordings {
  private static final Path RELATIVE = Path.of("shared", "reference", "drbd9-recordings");

  private Recordings() {}

  public static Path dir() {
    String property = System.getProperty("drbd.recordings");
    if (property != null && Files.isDirectory(Path.of(property))) {
      return Path.of(property).normalize();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("..").resolve(RELATIVE).normalize();
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      if (Files.isDirectory(p.resolve(RELATIVE))) {
        return p.resolve(RELATIVE);
      }
    }
    throw new AssertionError(
        "DRBD recordings not found: set -Ddrbd.recordings or keep ../shared beside the clone");
  }

  /** The state folders ("01-fresh-inconsistent", ...), in recording order. */
  public static List<String> stateFolders() {
    try (Stream<Path> s = Files.list(dir())) {
      return s.filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("\\d\\d[a-z]?-.*"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path file(String folder, String node, String suffix) {
    return dir().resolve(folder).resolve(node + "." + suffix);
  }

  public static String read(String folder, String node, String suffix) {
    try {
      return Files.readString(file(folder, node, suffix));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
