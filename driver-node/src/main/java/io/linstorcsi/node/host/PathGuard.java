package io.linstorcsi.node.host;

import io.linstorcsi.common.CsiError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks every path a request names before anything is created or mounted there. Kubelet sends
 * absolute, normalised paths below its root directory; anything else is a bug or an attack, and is
 * INVALID_ARGUMENT before the host is touched.
 */
public final class PathGuard {
  private static final Path DEV = Path.of("/dev");

  private final Optional<Path> root;

  /** {@code root} (e.g. {@code /var/lib/kubelet}) confines request paths when present. */
  public PathGuard(Optional<Path> root) {
    root.ifPresent(
        r -> {
          if (!r.isAbsolute() || !r.normalize().equals(r)) {
            throw new IllegalArgumentException(
                "kubelet root must be absolute and normalised: " + r);
          }
        });
    this.root = root;
  }

  public Optional<Path> root() {
    return root;
  }

  /** A path that kubelet owns: staging and target paths, stats and expand paths. */
  public Path check(String field, String value) {
    Path path = syntax(field, value);
    if (root.isPresent()) {
      Path r = root.get();
      if (!path.startsWith(r) || path.equals(r)) {
        throw CsiError.invalidArgument(field + " '" + value + "' must be inside " + r);
      }
      Path realRoot = realOrSelf(r);
      Path resolved = realOfNearestExisting(path);
      if (!resolved.startsWith(realRoot)) {
        throw CsiError.invalidArgument(
            field + " '" + value + "' leads outside " + r + " through a symbolic link");
      }
    }
    return path;
  }

  /**
   * A path that must already hold a volume (NodeGetVolumeStats, NodeExpandVolume). Any path that
   * could not be one of ours, or that does not exist, is NOT_FOUND as the CSI spec asks ("no volume
   * on the specified path"); nothing is done with it either way.
   */
  public Path locate(String field, String value) {
    if (value == null || value.isEmpty()) {
      throw CsiError.invalidArgument(field + " is required");
    }
    Path path;
    try {
      path = check(field, value);
    } catch (CsiError e) {
      if (e.code() != io.grpc.Status.Code.INVALID_ARGUMENT) {
        throw e;
      }
      throw CsiError.notFound("no volume at " + field + " '" + value + "': " + e.getMessage());
    }
    if (!Files.exists(path)) {
      throw CsiError.notFound("no volume at " + field + " '" + value + "': it does not exist");
    }
    return path;
  }

  /** A device path: absolute, normalised, inside {@code /dev} even after following links. */
  public static Path checkDevice(String field, String value) {
    Path path = syntax(field, value);
    if (!path.startsWith(DEV) || path.equals(DEV)) {
      throw CsiError.invalidArgument(field + " '" + value + "' must be a device path under /dev");
    }
    if (Files.exists(path) && !realOrSelf(path).startsWith(DEV)) {
      throw CsiError.invalidArgument(field + " '" + value + "' leads outside /dev");
    }
    return path;
  }

  private static Path syntax(String field, String value) {
    if (value == null || value.isEmpty()) {
      throw CsiError.invalidArgument(field + " is required");
    }
    if (value.indexOf('\0') >= 0 || value.indexOf('\n') >= 0) {
      throw CsiError.invalidArgument(field + " must not contain NUL or newline characters");
    }
    if (!value.startsWith("/")) {
      throw CsiError.invalidArgument(field + " '" + value + "' must be an absolute path");
    }
    for (String segment : value.split("/")) {
      if (segment.equals(".") || segment.equals("..")) {
        throw CsiError.invalidArgument(
            field + " '" + value + "' must be normalised (no '.' or '..' segments)");
      }
    }
    return Path.of(value).normalize();
  }

  /** Where the path really lands: its nearest existing ancestor with every link followed. */
  private static Path realOfNearestExisting(Path path) {
    Path existing = path;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return path;
    }
    return realOrSelf(existing).resolve(existing.relativize(path));
  }

  private static Path realOrSelf(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      return path;
    }
  }
}
