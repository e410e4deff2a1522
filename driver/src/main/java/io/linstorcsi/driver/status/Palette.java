package io.linstorcsi.driver.status;

/** ANSI colours, or none: the same calls produce plain text when colour is off. */
record Palette(boolean enabled) {
  static final String RESET = "\u001b[0m";
  static final String RED = "\u001b[31m";
  static final String YELLOW = "\u001b[33m";
  static final String GREEN = "\u001b[32m";
  static final String BOLD = "\u001b[1m";

  /** Wraps {@code text} in the given colour code when colours are enabled. */
  String paint(String colour, String text) {
    return enabled && colour != null && !text.isEmpty() ? colour + text + RESET : text;
  }

  String colourOf(Severity severity) {
    return severity == Severity.ERROR ? RED : YELLOW;
  }
}
