package io.linstorcsi.controller.it;

import io.linstorcsi.emulator.LinstorEmulator;
import java.time.Duration;
import java.util.List;

/** The emulator's fault injection and request counter, in the words the tests need. */
final class EmulatorProbe {
  static final List<String> NODES = List.of("node-a", "node-b", "node-c");

  private EmulatorProbe() {}

  static void resetRequests(LinstorEmulator emu) {
    emu.requests().reset();
  }

  static int requestCount(LinstorEmulator emu) {
    return emu.requests().count();
  }

  /**
   * {@code METHOD path} of every request that started at or after {@code since} (the log records a
   * request when it ends, so one answered just before a reset may still arrive after it).
   */
  static List<String> requestsSince(LinstorEmulator emu, java.time.Instant since) {
    return emu.requests().entries().stream()
        .filter(r -> !r.startedAt().isBefore(since))
        .map(r -> r.method() + " " + r.path())
        .toList();
  }

  static void fillPools(LinstorEmulator emu) {
    NODES.forEach(n -> emu.faults().poolFull(n, LinstorTarget.POOL, true));
  }

  static void slowDown(LinstorEmulator emu, Duration perCall) {
    emu.faults().latency(perCall);
  }

  static void clearFaults(LinstorEmulator emu) {
    emu.faults().clearCallFaults();
    NODES.forEach(n -> emu.faults().poolFull(n, LinstorTarget.POOL, false));
  }
}
