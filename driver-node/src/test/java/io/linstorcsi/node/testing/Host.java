package io.linstorcsi.node.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs host commands for test setup and inspection (independent of the code under test). */
public final class Host {
  private Host() {}

  public static String run(String... command) {
    Result r = exec(command);
    if (r.exit() != 0) {
      throw new AssertionError(
          String.join(" ", command) + " failed (" + r.exit() + "): " + r.err());
    }
    return r.out();
  }

  public record Result(int exit, String out, String err) {}

  public static Result exec(String... command) {
    try {
      Process p = new ProcessBuilder(List.of(command)).start();
      p.getOutputStream().close();
      byte[][] errHolder = {new byte[0]};
      Thread errReader =
          Thread.startVirtualThread(
              () -> {
                try {
                  errHolder[0] = p.getErrorStream().readAllBytes();
                } catch (IOException e) {
                  // the process is gone; what was read is all there is
                }
              });
      byte[] out = p.getInputStream().readAllBytes();
      errReader.join();
      byte[] err = errHolder[0];
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " hung");
      }
      return new Result(
          p.exitValue(),
          new String(out, StandardCharsets.UTF_8),
          new String(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Capability numbers from linux/capability.h. */
  public static final int CAP_SYS_RESOURCE = 24;

  /** Whether this process has a capability in its effective set. */
  public static boolean hasCapability(int capability) {
    return capabilityIn("CapEff:", capability);
  }

  /** Whether a capability is in this process's bounding set (could be granted at all). */
  public static boolean inBoundingSet(int capability) {
    return capabilityIn("CapBnd:", capability);
  }

  private static boolean capabilityIn(String set, int capability) {
    try {
      for (String line :
          java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith(set)) {
          long mask = Long.parseUnsignedLong(line.substring(set.length()).strip(), 16);
          return (mask & (1L << capability)) != 0;
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("no " + set + " line in /proc/self/status");
  }

  public static boolean isRoot() {
    return "0".equals(run("id", "-u").strip());
  }

  public static void requireRoot() {
    if (!isRoot()) {
      throw new AssertionError(
          "this test mounts loop devices and needs root; run it as root as CI does (bin/test)");
    }
  }
}
