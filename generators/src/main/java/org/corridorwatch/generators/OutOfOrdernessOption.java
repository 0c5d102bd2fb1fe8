package org.corridorwatch.generators;

import java.time.Duration;
import org.corridorwatch.cli.TimeOptions;
import picocli.CommandLine.Option;

/**
 * {@code --out-of-orderness} of a command that must know what the job counts (the replay for its
 * known answers, the latency probe, the soak sampler): the job's own setting, to be given the same
 * value, named alike in every such command: a picocli mixin.
 */
public final class OutOfOrdernessOption {
  @Option(
      names = "--out-of-orderness",
      paramLabel = "DURATION",
      defaultValue = "5m",
      converter = TimeOptions.NonNegativeDurationConverter.class,
      description =
          "The job's --out-of-orderness: its watermark trails the newest event by this much."
              + " Default: ${DEFAULT-VALUE}, as the job's.")
  private Duration outOfOrderness;

  public Duration value() {
    return outOfOrderness;
  }
}
