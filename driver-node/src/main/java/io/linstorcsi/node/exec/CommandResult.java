package io.linstorcsi.node.exec;

import java.time.Duration;
import java.util.List;

/** What a finished command left behind. */
public record CommandResult(
    List<String> command, int exitCode, String stdout, String stderr, Duration took) {

  public CommandResult {
    command = List.copyOf(command);
  }

  public boolean succeeded() {
    return exitCode == 0;
  }
}
