package io.linstorcsi.controller.params;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Go's {@code time.ParseDuration} reads them ("24h", "1h30m", "1.5h", "90s"), so
 * VolumeSnapshotClasses written for the Go driver keep parsing. A sign is refused here: the callers
 * want non-negative durations only.
 */
final class GoDuration {
  private static final Pattern PART =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
  private static final Map<String, Long> NANOS =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "µs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);

  private GoDuration() {}

  static Optional<Duration> parse(String value) {
    if (value.equals("0")) {
      return Optional.of(Duration.ZERO);
    }
    if (value.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = PART.matcher(value);
    int at = 0;
    BigDecimal nanos = BigDecimal.ZERO;
    while (at < value.length()) {
      if (!m.find(at) || m.start() != at) {
        return Optional.empty();
      }
      nanos =
          nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS.get(m.group(2)))));
      at = m.end();
    }
    return Optional.of(Duration.ofNanos(nanos.longValue()));
  }
}
