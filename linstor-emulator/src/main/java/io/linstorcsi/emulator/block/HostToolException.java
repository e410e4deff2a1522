package io.linstorcsi.emulator.block;

import java.util.List;

/**
 * A host command that failed on a node: which tool, the command line, and what went wrong. The HTTP
 * layer answers it the way LINSTOR relays a satellite's failed external command.
 */
public final class HostToolException extends RuntimeException {
  private final List<String> commandLine;
  private final String failure;
  private final String output;
  private final String node;

  /**
   * @param commandLine the command as it was (or was to be) run
   * @param failure why it failed, e.g. "The external command exited with error code 1."
   * @param output what it wrote to stderr, empty when nothing
   */
  HostToolException(List<String> commandLine, String failure, String output) {
    this(commandLine, failure, output, null);
  }

  private HostToolException(List<String> commandLine, String failure, String output, String node) {
    super(
        (node == null ? "" : "(" + node + ") ")
            + String.join(" ", commandLine)
            + ": "
            + failure
            + (output.isEmpty() ? "" : " " + output),
        null,
        false,
        false);
    this.commandLine = List.copyOf(commandLine);
    this.failure = failure;
    this.output = output;
    this.node = node;
  }

  /** The same failure, as the given node's. */
  public HostToolException onNode(String nodeName) {
    return new HostToolException(commandLine, failure, output, nodeName);
  }

  /** The program's name as called, e.g. {@code losetup}. */
  public String tool() {
    return commandLine.getFirst();
  }

  public List<String> commandLine() {
    return commandLine;
  }

  public String failure() {
    return failure;
  }

  /** What the command wrote to stderr, empty when nothing. */
  public String output() {
    return output;
  }

  /** The node the command ran for, or null when the failure is not one node's. */
  public String node() {
    return node;
  }
}
