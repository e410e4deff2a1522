package io.linstorcsi.driver.status;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write and read them: {@code 26h}, {@code 90m}, {@code 2d}, {@code 1d6h}.
 */
final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+)([dhms])");

  private Durations() {}

  /**
   * Parses {@code 2d}, {@code 26h}, {@code 1h30m}, {@code 45s}; {@code off} (or {@code 0}) gives
   * null.
   *
   * @throws IllegalArgumentException naming what was wrong
   */
  static Duration parse(String text) {
    String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    if (s.equals("off") || s.equals("0")) {
      return null;
    }
    Matcher m = PART.matcher(s);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
              });
      end = m.end();
    }
    if (s.isEmpty() || end != s.length() || total.isZero()) {
      throw new IllegalArgumentException(
          "expected a duration such as 26h, 90m, 2d or 1d6h (or 'off'), got '" + text + "'");
    }
    return total;
  }

  /**
   * Down to minutes, or to seconds below an hour: {@code 3d4h}, {@code 1d2h10m}, {@code 5h12m},
   * {@code 42m10s}, {@code 30s}.
   */
  static String format(Duration d) {
    long seconds = Math.max(0, d.toSeconds());
    long days = seconds / 86_400;
    long hours = seconds % 86_400 / 3_600;
    long minutes = seconds % 3_600 / 60;
    long secs = seconds % 60;
    if (days > 0) {
      return days + "d" + (hours > 0 ? hours + "h" : "") + (minutes > 0 ? minutes + "m" : "");
    }
    if (hours > 0) {
      return hours + "h" + (minutes > 0 ? minutes + "m" : "");
    }
    if (minutes > 0) {
      return minutes + "m" + (secs > 0 ? secs + "s" : "");
    }
    return secs + "s";
  }
}
