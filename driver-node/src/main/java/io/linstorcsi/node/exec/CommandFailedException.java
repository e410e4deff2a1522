package io.linstorcsi.node.exec;

import java.util.List;

/**
 * A command that exited non-zero, could not be started, or ran out of time. The message carries the
 * command line, the exit code and stderr, because that is what an operator needs to act on it.
 */
public final class CommandFailedException extends RuntimeException {
  /** Exit code used when the command never produced one (not started, killed on timeout). */
  public static final int NO_EXIT_CODE = -1;

  private final List<String> command;
  private final int exitCode;
  private final String stderr;
  private final boolean timedOut;

  CommandFailedException(
      List<String> command,
      int exitCode,
      String stderr,
      boolean timedOut,
      String what,
      Throwable cause) {
    super(describe(command, what, stderr), cause);
    this.command = List.copyOf(command);
    this.exitCode = exitCode;
    this.stderr = stderr;
    this.timedOut = timedOut;
  }

  static CommandFailedException exited(List<String> command, int exitCode, String stderr) {
    return new CommandFailedException(
        command, exitCode, stderr, false, "exited with code " + exitCode, null);
  }

  /** For callers that inspected a {@link CommandResult} and decided it is a failure after all. */
  public static CommandFailedException exited(CommandResult result) {
    return exited(result.command(), result.exitCode(), result.stderr());
  }

  static CommandFailedException timedOut(List<String> command, long millis, String stderr) {
    return new CommandFailedException(
        command, NO_EXIT_CODE, stderr, true, "was killed after " + millis + " ms", null);
  }

  static CommandFailedException noTimeLeft(List<String> command) {
    return new CommandFailedException(
        command, NO_EXIT_CODE, "", true, "was not started: the caller's deadline has passed", null);
  }

  static CommandFailedException notStarted(List<String> command, Exception cause) {
    return new CommandFailedException(
        command,
        NO_EXIT_CODE,
        "",
        false,
        "could not be started (" + (cause.getMessage() != null ? cause.getMessage() : cause) + ")",
        cause);
  }

  public List<String> command() {
    return command;
  }

  public int exitCode() {
    return exitCode;
  }

  public String stderr() {
    return stderr;
  }

  public boolean timedOut() {
    return timedOut;
  }

  private static String describe(List<String> command, String what, String stderr) {
    String text = "command '" + String.join(" ", command) + "' " + what;
    String err = stderr == null ? "" : stderr.strip();
    return err.isEmpty() ? text : text + ": " + err;
  }
}
