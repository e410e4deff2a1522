package io.linstorcsi.driver;

import java.util.Set;
import picocli.CommandLine;

/** Entry point of {@code bin/linstor-csi}: the driver itself, plus operator subcommands. */
public final class Main {
  /** Arguments that need the operator subcommands: their names and the help that lists them. */
  private static final Set<String> OPERATOR_ARGS =
      Set.of("demo", "status", "help", "--help", "-h", "-?");

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (2 for usage errors, as picocli does). */
  public static int run(String... args) {
    return commandLine(needsOperatorCommands(args)).execute(args);
  }

  /** The configured command line: the driver as root command, operator commands below it. */
  public static CommandLine commandLine() {
    return commandLine(true);
  }

  /**
   * Picocli builds the model of every registered subcommand up front, loading its classes and the
   * types of its fields (the status command's Kubernetes client among them). The serve path, which
   * every pod start takes, registers none of them.
   */
  static boolean needsOperatorCommands(String... args) {
    for (String arg : args) {
      if (OPERATOR_ARGS.contains(arg)) {
        return true;
      }
    }
    return false;
  }

  private static CommandLine commandLine(boolean withOperatorCommands) {
    CommandLine cli = new CommandLine(new ServeCommand());
    if (withOperatorCommands) {
      cli.addSubcommand(new CommandLine.HelpCommand());
      cli.addSubcommand(new io.linstorcsi.driver.demo.DemoCommand());
      cli.addSubcommand(new io.linstorcsi.driver.status.StatusCommand());
    }
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
