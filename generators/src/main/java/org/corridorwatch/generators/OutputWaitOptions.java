package org.corridorwatch.generators;

import java.time.Duration;
import org.corridorwatch.cli.TimeOptions;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * How long a command that reads the job's committed outputs waits for them: {@code --quiet}, how
 * long without a new output means the job has written all it will, and {@code --timeout}, when to
 * give up. Named alike in every such command, each with its own defaults: a picocli mixin.
 *
 * <p>The options keep the text typed (a default such as {@code 5s} included), so --help shows a
 * command's defaults as an operator writes them, not as {@code PT5S}.
 */
public final class OutputWaitOptions {
  /** A duration's text, taken only when it is a duration above zero: both are waits. */
  static final class DurationText implements ITypeConverter<String> {
    @Override
    public String convert(String text) {
      new TimeOptions.PositiveDurationConverter().convert(text);
      return text;
    }
  }

  @Option(
      names = "--quiet",
      paramLabel = "DURATION",
      converter = DurationText.class,
      description =
          "Read on until no output has come for this long (after the replay, or once every"
              + " expected one is there), so a late commit of extras is seen; keep it above the"
              + " job's checkpoint interval. Default: ${DEFAULT-VALUE}.")
  private String quiet;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationText.class,
      description = "Give up waiting for outputs after this long. Default: ${DEFAULT-VALUE}.")
  private String timeout;

  /**
   * @param quiet the command's default {@code --quiet}, as typed: {@code 10s}
   * @param timeout the command's default {@code --timeout}, as typed: {@code 5m}
   */
  public OutputWaitOptions(String quiet, String timeout) {
    this.quiet = quiet;
    this.timeout = timeout;
  }

  public Duration quiet() {
    return TimeOptions.parseDuration(quiet);
  }

  public Duration timeout() {
    return TimeOptions.parseDuration(timeout);
  }
}
