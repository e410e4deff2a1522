package io.linstorcsi.drbd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A kernel the guests can boot: an image under /boot whose module tree has DRBD. Discovered, never
 * named, because Debian's ABI number changes with each point release of linux-image-amd64.
 */
record GuestKernel(String version, Path image, Path modules) {

  static final Path BOOT = Path.of("/boot");
  static final Path MODULES = Path.of("/lib/modules");

  /** The newest bootable kernel with a DRBD module, if any is installed. */
  static Optional<GuestKernel> find() {
    if (!Files.isDirectory(BOOT)) {
      return Optional.empty();
    }
    try (Stream<Path> entries = Files.list(BOOT)) {
      return entries
          .filter(Files::isRegularFile)
          .map(p -> p.getFileName().toString())
          .filter(name -> name.startsWith("vmlinuz-"))
          .map(name -> name.substring("vmlinuz-".length()))
          .map(v -> new GuestKernel(v, BOOT.resolve("vmlinuz-" + v), MODULES.resolve(v)))
          .filter(GuestKernel::hasDrbd)
          .max(Comparator.comparing(GuestKernel::version, GuestKernel::compareVersions));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean hasDrbd() {
    Path dir = modules.resolve("kernel/drivers/block/drbd");
    return Files.isRegularFile(modules.resolve("modules.dep"))
        && Stream.of("drbd.ko", "drbd.ko.xz", "drbd.ko.zst", "drbd.ko.gz")
            .anyMatch(name -> Files.isRegularFile(dir.resolve(name)));
  }

  /** Orders "6.1.0-9-amd64" before "6.1.0-57-amd64": numbers compare as numbers. */
  static int compareVersions(String a, String b) {
    List<String> left = List.of(a.split("(?<=\\d)(?=\\D)|(?<=\\D)(?=\\d)"));
    List<String> right = List.of(b.split("(?<=\\d)(?=\\D)|(?<=\\D)(?=\\d)"));
    for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
      String l = left.get(i);
      String r = right.get(i);
      int c =
          Character.isDigit(l.charAt(0)) && Character.isDigit(r.charAt(0))
              ? Long.compare(Long.parseLong(l), Long.parseLong(r))
              : l.compareTo(r);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(left.size(), right.size());
  }
}
