package io.linstorcsi.driver;

import picocli.CommandLine;

/** Entry point of {@code bin/linstor-csi}: the driver itself, plus operator subcommands. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (2 for usage errors, as picocli does). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The configured command line: the driver as root command, operator commands below it. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new ServeCommand());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    // Flags that parse but do not make sense together are usage errors too: exit 2, not 1.
    cli.setExecutionExceptionHandler(
        (failure, command, parsed) -> {
          if (failure instanceof CommandLine.ParameterException bad) {
            command.getErr().println("error: " + bad.getMessage());
            command
                .getErr()
                .println("Run '" + command.getCommandName() + " --help' for the flags.");
            return CommandLine.ExitCode.USAGE;
          }
          throw failure;
        });
    return cli;
  }
}
