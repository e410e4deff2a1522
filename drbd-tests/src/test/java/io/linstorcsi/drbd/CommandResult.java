package io.linstorcsi.drbd;

/** What a shell script run in a guest returned. */
record CommandResult(String script, int exitCode, String stdout, String stderr) {

  boolean ok() {
    return exitCode == 0;
  }

  /** This result, or an exception that shows the script and both outputs when it failed. */
  CommandResult orThrow() {
    if (exitCode != 0) {
      throw new AssertionError(describe());
    }
    return this;
  }

  String describe() {
    return "guest script exited "
        + exitCode
        + "\n--- script\n"
        + script
        + "\n--- stdout\n"
        + stdout
        + "--- stderr\n"
        + stderr;
  }
}
