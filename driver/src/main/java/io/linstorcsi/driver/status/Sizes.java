package io.linstorcsi.driver.status;

import java.util.Locale;

/** Human-readable binary sizes, as LINSTOR's own client prints them. */
final class Sizes {
  private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB"};

  private Sizes() {}

  static String kib(Long kib) {
    if (kib == null) {
      return "-";
    }
    double value = kib;
    int unit = 0;
    while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? kib + " KiB" : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }
}
