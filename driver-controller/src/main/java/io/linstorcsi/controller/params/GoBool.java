package io.linstorcsi.controller.params;

import java.util.Optional;

/** Booleans as Go's {@code strconv.ParseBool} reads them, so old StorageClasses keep parsing. */
final class GoBool {
  private GoBool() {}

  static Optional<Boolean> parse(String value) {
    return switch (value) {
      case "1", "t", "T", "TRUE", "true", "True" -> Optional.of(true);
      case "0", "f", "F", "FALSE", "false", "False" -> Optional.of(false);
      default -> Optional.empty();
    };
  }
}
