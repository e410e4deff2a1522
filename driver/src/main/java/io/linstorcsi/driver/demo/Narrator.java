package io.linstorcsi.driver.demo;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Prints each step of the walkthrough with its duration, and a summary at the end. */
final class Narrator {
  /** One finished step. */
  record Step(int number, String title, Duration took, boolean ok) {}

  /** A step's body. */
  @FunctionalInterface
  interface Body<T> {
    T run() throws Exception;
  }

  private final PrintWriter out;
  private final List<Step> steps = new ArrayList<>();

  Narrator(PrintWriter out) {
    this.out = out;
  }

  <T> T step(String title, Body<T> body) throws Exception {
    int number = steps.size() + 1;
    out.printf("%n[%2d] %s%n", number, title);
    out.flush();
    long start = System.nanoTime();
    try {
      T result = body.run();
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      steps.add(new Step(number, title, took, true));
      out.printf("     done in %s%n", format(took));
      out.flush();
      return result;
    } catch (Exception e) {
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      steps.add(new Step(number, title, took, false));
      out.printf("     FAILED after %s: %s%n", format(took), e.getMessage());
      out.flush();
      throw e;
    }
  }

  void say(String format, Object... args) {
    out.printf("     " + format + "%n", args);
    out.flush();
  }

  void raw(String text) {
    text.lines().forEach(line -> out.println("     " + line));
    out.flush();
  }

  void summary(Duration total) {
    out.printf("%nSummary%n");
    out.printf("  %-4s %-70s %10s  %s%n", "step", "what", "took", "result");
    for (Step s : steps) {
      out.printf(
          "  %-4d %-70s %10s  %s%n",
          s.number(), s.title(), format(s.took()), s.ok() ? "ok" : "FAILED");
    }
    long failed = steps.stream().filter(s -> !s.ok()).count();
    out.printf("  %d steps, %d failed, %s in all%n", steps.size(), failed, format(total));
    out.flush();
  }

  static String format(Duration d) {
    long ms = d.toMillis();
    return ms < 1000 ? ms + " ms" : String.format("%.2f s", ms / 1000.0);
  }
}
