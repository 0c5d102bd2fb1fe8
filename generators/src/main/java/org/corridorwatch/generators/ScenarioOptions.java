package org.corridorwatch.generators;

import java.time.Instant;
import java.util.ArrayList;
import org.corridorwatch.generators.scenario.ScenarioSettings;
import org.corridorwatch.generators.scenario.Scenarios;
import picocli.CommandLine.Option;

/**
 * Where the scenarios a command replays start, how long they run and the seed that makes them the
 * same bytes every time, named alike in every command that replays them: a picocli mixin.
 */
public final class ScenarioOptions {
  /** The scenarios' names, for picocli's completion list in --help. */
  public static final class Names extends ArrayList<String> {
    public Names() {
      super(Scenarios.names());
    }
  }

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "" + ReplayCommand.DEFAULT_SEED,
      description = "Random seed; the same seed sends the same bytes. Default: ${DEFAULT-VALUE}.")
  private long seed;

  @Option(
      names = "--start",
      paramLabel = "DATE",
      defaultValue = "2019-07-01",
      description = "First day of the multi-day scenarios. Default: ${DEFAULT-VALUE}.")
  private Instant start;

  @Option(
      names = "--days",
      paramLabel = "N",
      defaultValue = "" + ScenarioSettings.DEFAULT_DAYS,
      description = "Days the multi-day scenarios run. Default: ${DEFAULT-VALUE}.")
  private int days;

  public long seed() {
    return seed;
  }

  public Instant start() {
    return start;
  }

  public int days() {
    return days;
  }

  /** The scenarios' time span; call after {@link #problem()} said the options are fine. */
  public ScenarioSettings settings() {
    return new ScenarioSettings(start.toEpochMilli(), days);
  }

  /** What is wrong with the options, as one line for the user, or null when nothing is. */
  public String problem() {
    return days < 1 ? "--days must be at least 1" : null;
  }
}
