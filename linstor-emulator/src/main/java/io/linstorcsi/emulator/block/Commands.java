package io.linstorcsi.emulator.block;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a host command from an argument list (never a shell) with a timeout. */
final class Commands {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private Commands() {}

  static String run(String... args) {
    return run(List.of(args));
  }

  static String run(List<String> args) {
    Process process;
    try {
      process = new ProcessBuilder(resolved(args)).start();
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new HostToolException(
          args, "The external command could not be started: " + e.getMessage(), "");
    }
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    try {
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new HostToolException(
            args, "The external command did not complete within " + TIMEOUT + ".", "");
      }
      String stdout = out.get(5, TimeUnit.SECONDS);
      String stderr = err.get(5, TimeUnit.SECONDS);
      if (process.exitValue() != 0) {
        throw new HostToolException(
            args,
            "The external command exited with error code " + process.exitValue() + ".",
            stderr.trim());
      }
      return stdout;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new HostToolException(args, "The external command was interrupted.", "");
    } catch (ExecutionException | TimeoutException e) {
      throw new HostToolException(
          args, "The output of the external command could not be read: " + e, "");
    }
  }

  /**
   * The command with its program resolved to an absolute path. Java looks a bare name up only in
   * this process's PATH, and a user's PATH often lacks the sbin directories where losetup lives;
   * the standard sbin directories are searched after PATH, and a program found nowhere is reported
   * as missing rather than as a failed start.
   */
  private static List<String> resolved(List<String> args) {
    String program = args.getFirst();
    if (program.contains("/")) {
      return args;
    }
    List<String> dirs = new java.util.ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(":")));
    }
    dirs.addAll(SBIN);
    for (String dir : dirs) {
      java.nio.file.Path candidate = java.nio.file.Path.of(dir.isEmpty() ? "." : dir, program);
      if (java.nio.file.Files.isExecutable(candidate)
          && !java.nio.file.Files.isDirectory(candidate)) {
        List<String> out = new java.util.ArrayList<>(args);
        out.set(0, candidate.toString());
        return out;
      }
    }
    throw new HostToolException(
        args,
        program
            + " is not installed: not found in PATH ("
            + path
            + ") nor in "
            + String.join(", ", SBIN)
            + " (Debian: apt-get install util-linux)",
        "");
  }

  private static final List<String> SBIN = List.of("/usr/local/sbin", "/usr/sbin", "/sbin");

  /**
   * Reads a stream on a thread of its own: the shared fork-join pool may have a single, busy thread
   * on a small machine, and a command's output must never wait for unrelated work.
   */
  private static CompletableFuture<String> drain(InputStream stream) {
    CompletableFuture<String> result = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("command-output")
        .start(
            () -> {
              try (stream) {
                result.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                result.completeExceptionally(new UncheckedIOException(e));
              }
            });
    return result;
  }
}
