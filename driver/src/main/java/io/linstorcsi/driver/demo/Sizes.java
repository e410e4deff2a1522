package io.linstorcsi.driver.demo;

import java.util.Locale;

/** Kubernetes-style quantities: 5Gi, 512Mi, or plain bytes. */
final class Sizes {
  private Sizes() {}

  static long parse(String value, String flag) {
    String v = value.strip();
    long unit = 1;
    String lower = v.toLowerCase(Locale.ROOT);
    if (lower.endsWith("gi")) {
      unit = 1L << 30;
    } else if (lower.endsWith("mi")) {
      unit = 1L << 20;
    } else if (lower.endsWith("ti")) {
      unit = 1L << 40;
    }
    String digits = unit == 1 ? v : v.substring(0, v.length() - 2);
    try {
      long n = Long.parseLong(digits);
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return Math.multiplyExact(n, unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          flag + " must be a size like 5Gi or 512Mi, got '" + value + "'");
    }
  }
}
