package io.linstorcsi.driver.status;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Map;

/** Whether standard output is an interactive terminal, where colours and screen clearing belong. */
final class Terminal {
  private Terminal() {}

  /**
   * Colour when stdout is a terminal, unless {@code --no-color} or the NO_COLOR convention
   * (no-color.org) says otherwise.
   */
  static boolean colour(boolean noColorOption, Map<String, String> env) {
    String noColor = env.get("NO_COLOR");
    return !noColorOption && (noColor == null || noColor.isEmpty()) && interactive();
  }

  static boolean interactive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    // Since JDK 22 a Console may exist for redirected streams; isTerminal() (22+) tells them
    // apart. Looked up reflectively because the code is compiled for Java 21.
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
