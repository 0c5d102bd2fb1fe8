package org.corridorwatch.cli;

import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;

/**
 * Command-line conventions every corridor-watch program follows: {@code --help} and {@code
 * --version} on every command, its options listed in the order they are declared (related options
 * stand together) with their defaults, the help as wide as the terminal; a bad option stops the
 * program with one line that says what to fix and exit code {@value #USAGE}, rather than a wall of
 * usage text; and every duration and instant option reads the way people type them ({@link
 * TimeOptions}). A command declares none of this itself, so none can forget it.
 */
public final class CommandLines {
  /** Exit code for a bad option or argument. */
  public static final int USAGE = 2;

  private CommandLines() {}

  /** A picocli command line with the project's conventions applied. */
  public static CommandLine create(Object command) {
    CommandLine line = new CommandLine(command);
    helpConventions(line);
    line.setUsageHelpAutoWidth(true);
    line.setCaseInsensitiveEnumValuesAllowed(false);
    line.setParameterExceptionHandler(CommandLines::oneLineError);
    line.setExecutionExceptionHandler(CommandLines::failure);
    // for every option of these types, its mixins' and its argument groups' included, unless the
    // option names a converter of its own
    line.registerConverter(Duration.class, new TimeOptions.DurationConverter());
    line.registerConverter(Instant.class, new TimeOptions.InstantConverter());
    line.registerConverter(BigDecimal.class, CommandLines::decimal);
    return line;
  }

  private static void helpConventions(CommandLine line) {
    line.getCommandSpec().mixinStandardHelpOptions(true);
    line.getCommandSpec().usageMessage().sortOptions(false);
    line.getSubcommands().values().forEach(CommandLines::helpConventions);
  }

  /** A decimal as people type it; anything else is one line without Java's exception text. */
  private static BigDecimal decimal(String text) {
    try {
      return new BigDecimal(text.strip());
    } catch (NumberFormatException e) {
      throw new CommandLine.TypeConversionException(
          "'" + text + "' is not a decimal number, such as 1.15");
    }
  }

  /** Runs {@code command} with {@code args} and returns the exit code. */
  public static int run(Object command, String... args) {
    return create(command).execute(args);
  }

  /**
   * A failure the person at the terminal can act on is one line and exit code 1: a {@link
   * CommandFailure}, a file that is missing or cannot be read or written, Kafka client settings
   * that are wrong, or Kafka not answering in time. Anything else is a bug: the full trace.
   */
  private static int failure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed)
      throws Exception {
    String line = actionable(e);
    if (line == null) {
      throw e;
    }
    PrintWriter err = cmd.getErr();
    err.println(cmd.getCommandSpec().qualifiedName() + ": " + line);
    err.flush();
    return 1;
  }

  /** What to tell the person at the terminal about {@code e}, or null when it is a bug. */
  static String actionable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CommandFailure) {
        return t.getMessage();
      }
      if (t instanceof NoSuchFileException f) {
        return "no such file or folder: " + f.getFile();
      }
      if (t instanceof AccessDeniedException f) {
        return "permission denied: " + f.getFile();
      }
      if (t instanceof FileSystemException f) {
        return f.getFile() + ": " + f.getReason();
      }
      if (t instanceof FileNotFoundException) {
        return t.getMessage();
      }
      if (t instanceof ConfigException) {
        return "Kafka client settings: "
            + t.getMessage()
            + " (check --bootstrap-servers and --kafka-properties)";
      }
      if (t instanceof org.apache.kafka.common.errors.TimeoutException) {
        return "Kafka did not answer in time ("
            + t.getMessage()
            + "): is a broker running at --bootstrap-servers, and do --kafka-properties fit it?";
      }
    }
    return null;
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
