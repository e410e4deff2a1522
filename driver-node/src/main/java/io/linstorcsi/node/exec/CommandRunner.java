package io.linstorcsi.node.exec;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs host programs for the node service. Every external command goes through here: an argument
 * list handed to {@code execve} (no shell, so no quoting bugs and no injection), stdin from {@code
 * /dev/null} (a tool that asks a question gets "no"), {@code LC_ALL=C} (stable messages), captured
 * stdout and stderr, and a timeout that is the smaller of the configured one and what is left of
 * the caller's gRPC deadline.
 */
public final class CommandRunner {
  private static final Logger log = LoggerFactory.getLogger(CommandRunner.class);
  private static final int MAX_CAPTURE = 4 << 20;
  private static final File DEV_NULL = new File("/dev/null");

  /** How long a draining thread waits for the next command before it ends. */
  private static final Duration DRAINER_IDLE = Duration.ofSeconds(30);

  private final Duration timeout;

  /**
   * Platform threads that drain the commands' stdout and stderr, kept between commands: starting
   * two threads per command cost more than the short tools themselves on a loaded node (measured:
   * 1.5 ms per command over a bare spawn with two new threads, 0.7 ms with reused ones, where
   * {@code mount --bind} takes 5–10 ms). Idle threads end, so an idle node holds none.
   */
  private final ExecutorService drainers;

  /** {@code timeout} caps every command; a caller's earlier deadline shortens it further. */
  public CommandRunner(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("command timeout must be positive, got " + timeout);
    }
    this.timeout = timeout;
    this.drainers =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            DRAINER_IDLE.toMillis(),
            TimeUnit.MILLISECONDS,
            new SynchronousQueue<>(),
            Thread.ofPlatform().daemon().name("command-output-", 0).factory());
  }

  public Duration timeout() {
    return timeout;
  }

  /** Runs the command and fails unless it exits 0. */
  public CommandResult run(String... command) {
    return run(List.of(command));
  }

  /** Runs the command and fails unless it exits 0. */
  public CommandResult run(List<String> command) {
    CommandResult result = execute(command, timeout);
    if (!result.succeeded()) {
      throw CommandFailedException.exited(command, result.exitCode(), result.stderr());
    }
    return result;
  }

  /**
   * Runs the command and returns whatever exit code it gave; for tools whose exit code is an answer
   * (blkid's 2 = "nothing found"). Fails only when it could not start or ran out of time.
   */
  public CommandResult probe(List<String> command) {
    return execute(command, timeout);
  }

  /** Like {@link #probe} with a tighter cap, for commands that must answer quickly. */
  public CommandResult probe(List<String> command, Duration cap) {
    return execute(command, cap.compareTo(timeout) < 0 ? cap : timeout);
  }

  /**
   * Starts a long-running command (a monitor such as {@code drbdsetup events2}) whose stdout is
   * read line by line; it has no timeout, it ends when it exits or {@link Followed#stop()} kills
   * it.
   */
  public Followed start(List<String> command) {
    ProcessBuilder builder = new ProcessBuilder(resolved(command)).redirectInput(DEV_NULL);
    builder.environment().put("LC_ALL", "C");
    try {
      return new Followed(command, builder.start());
    } catch (IOException e) {
      throw CommandFailedException.notStarted(command, e);
    }
  }

  /** A running long-lived command. */
  public static final class Followed {
    private final List<String> command;
    private final Process process;
    private final Capture err;

    private Followed(List<String> command, Process process) {
      this.command = List.copyOf(command);
      this.process = process;
      // its own thread: the stream lives as long as the monitor, which would hold a pooled one
      this.err = Capture.onOwnThread(process.getErrorStream());
    }

    /** Hands every stdout line to {@code onLine} until the command exits, then reports how. */
    public CommandResult forEachLine(java.util.function.Consumer<String> onLine)
        throws InterruptedException {
      long start = System.nanoTime();
      try (var reader =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          onLine.accept(line);
        }
      } catch (IOException e) {
        // the stream closes when the process is killed; the exit code below tells the rest
      }
      int exit = process.waitFor();
      return new CommandResult(
          command, exit, "", err.text(), Duration.ofNanos(System.nanoTime() - start));
    }

    public void stop() {
      kill(process);
    }
  }

  private CommandResult execute(List<String> command, Duration cap) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("empty command");
    }
    Duration budget = Deadlines.budget(cap);
    if (budget.isZero()) {
      throw CommandFailedException.noTimeLeft(command);
    }
    ProcessBuilder builder = new ProcessBuilder(resolved(command)).redirectInput(DEV_NULL);
    builder.environment().put("LC_ALL", "C");
    long start = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw CommandFailedException.notStarted(command, e);
    }
    Capture out = Capture.on(drainers, process.getInputStream());
    Capture err = Capture.on(drainers, process.getErrorStream());
    boolean finished;
    try {
      finished = process.waitFor(budget.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      throw CommandFailedException.notStarted(command, e);
    }
    if (!finished) {
      kill(process);
      throw CommandFailedException.timedOut(command, budget.toMillis(), err.text());
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    CommandResult result =
        new CommandResult(command, process.exitValue(), out.text(), err.text(), took);
    log.debug("{} -> {} in {} ms", command, result.exitCode(), took.toMillis());
    return result;
  }

  private static final List<String> SBIN = List.of("/usr/local/sbin", "/usr/sbin", "/sbin");

  /**
   * The command with its program resolved to an absolute path. Java looks a bare name up only in
   * this process's PATH, which may lack the sbin directories where mkfs, blkid or losetup live; the
   * standard sbin directories are searched after PATH, and a program found nowhere is reported as
   * not installed.
   */
  private static List<String> resolved(List<String> command) {
    String program = command.getFirst();
    if (program.contains("/")) {
      return command;
    }
    String path = System.getenv("PATH");
    List<String> dirs = new java.util.ArrayList<>();
    if (path != null) {
      dirs.addAll(List.of(path.split(":")));
    }
    dirs.addAll(SBIN);
    for (String dir : dirs) {
      java.nio.file.Path candidate = java.nio.file.Path.of(dir.isEmpty() ? "." : dir, program);
      if (java.nio.file.Files.isExecutable(candidate)
          && !java.nio.file.Files.isDirectory(candidate)) {
        List<String> out = new java.util.ArrayList<>(command);
        out.set(0, candidate.toString());
        return out;
      }
    }
    throw CommandFailedException.notStarted(
        command,
        new IOException(
            program
                + " is not installed: not found in PATH ("
                + path
                + ") nor in "
                + String.join(", ", SBIN)));
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Drains one output stream on a platform thread, keeping at most {@link #MAX_CAPTURE} bytes. A
   * blocking pipe read would hold a virtual thread's carrier, and with one CPU (a node pod limited
   * to one core) that starves every other call.
   */
  private static final class Capture {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final Future<?> reader;

    private Capture(Function<Runnable, Future<?>> launcher, InputStream in) {
      reader = launcher.apply(() -> drain(in));
    }

    static Capture on(ExecutorService threads, InputStream in) {
      return new Capture(threads::submit, in);
    }

    static Capture onOwnThread(InputStream in) {
      return new Capture(
          task -> {
            FutureTask<?> future = new FutureTask<>(task, null);
            Thread.ofPlatform().daemon().name("command-output").start(future);
            return future;
          },
          in);
    }

    private void drain(InputStream in) {
      byte[] chunk = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(chunk)) >= 0) {
          synchronized (buffer) {
            int room = MAX_CAPTURE - buffer.size();
            if (room > 0) {
              buffer.write(chunk, 0, Math.min(n, room));
            }
          }
        }
      } catch (IOException e) {
        // The process was killed or closed its end; what was read so far is all there is.
      }
    }

    String text() {
      try {
        reader.get(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // a grandchild still holds the pipe open, or the read failed: what was read is all
      }
      synchronized (buffer) {
        return buffer.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
