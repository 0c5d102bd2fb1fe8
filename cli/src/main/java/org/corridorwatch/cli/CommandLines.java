package org.corridorwatch.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine;

/**
 * Command-line conventions every corridor-watch program follows: {@code --help} lists every option
 * with its default, a bad option stops the program with one line that says what to fix and exit
 * code {@value #USAGE}, rather than a wall of usage text, and every duration and instant option
 * reads the way people type them ({@link TimeOptions}).
 */
public final class CommandLines {
  /** Exit code for a bad option or argument. */
  public static final int USAGE = 2;

  private CommandLines() {}

  /** A picocli command line with the project's conventions applied. */
  public static CommandLine create(Object command) {
    CommandLine line = new CommandLine(command);
    line.setCaseInsensitiveEnumValuesAllowed(false);
    line.setParameterExceptionHandler(CommandLines::oneLineError);
    line.setExecutionExceptionHandler(CommandLines::failure);
    // for every option of these types, its mixins' and its argument groups' included, unless the
    // option names a converter of its own
    line.registerConverter(Duration.class, new TimeOptions.DurationConverter());
    line.registerConverter(Instant.class, new TimeOptions.InstantConverter());
    return line;
  }

  /** Runs {@code command} with {@code args} and returns the exit code. */
  public static int run(Object command, String... args) {
    return create(command).execute(args);
  }

  /** A {@link CommandFailure} is one line and exit code 1; anything else is a bug: full trace. */
  private static int failure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed)
      throws Exception {
    if (e instanceof CommandFailure) {
      PrintWriter err = cmd.getErr();
      err.println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage());
      err.flush();
      return 1;
    }
    throw e;
  }

  private static int oneLineError(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    String name = cmd.getCommandSpec().qualifiedName();
    err.println(name + ": " + e.getMessage() + " (see " + name + " --help)");
    err.flush();
    return USAGE;
  }
}
