package org.corridorwatch.generators.scenario;

import org.corridorwatch.seeds.CorridorCatalogue;

/**
 * A named source of realistic traffic with a known right answer. Each scenario documents what it
 * takes from the source documents and what is synthetic.
 */
public interface Scenario {
  /** The name used on the command line, e.g. {@code pingxiang-overload}. */
  String name();

  /** One line for {@code --list}. */
  String summary();

  /** What comes from the sources (with document and line) and what is synthetic. */
  String provenance();

  /** The event-time range the scenario covers when no {@code --from}/{@code --to} is given. */
  long defaultFrom(ScenarioSettings settings);

  long defaultTo(ScenarioSettings settings);

  /** About how many events the scenario makes, for a progress bar's ETA; -1 if unknown. */
  default long estimatedEvents(ScenarioSettings settings, CorridorCatalogue catalogue) {
    return -1;
  }

  /** Starts generating; the run adds its events to the timeline chunk by chunk. */
  ScenarioRun start(ScenarioContext context);
}
