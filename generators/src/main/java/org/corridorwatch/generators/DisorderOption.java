package org.corridorwatch.generators;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code --disorder}: how far out of event-time order a command that replays scenarios delivers
 * records, named alike in every such command: a picocli mixin.
 */
public final class DisorderOption {
  @Option(
      names = "--disorder",
      paramLabel = "DURATION",
      defaultValue = "2m",
      description =
          "Deliver records up to this far out of event-time order. Keep it within the job's"
              + " --out-of-orderness, or clean records turn late. Default: ${DEFAULT-VALUE}.")
  private Duration disorder;

  public Duration value() {
    return disorder;
  }
}
