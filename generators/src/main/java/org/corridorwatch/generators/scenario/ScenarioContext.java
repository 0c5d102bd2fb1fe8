package org.corridorwatch.generators.scenario;

import java.util.SplittableRandom;
import org.corridorwatch.seeds.CorridorCatalogue;

/**
 * What a scenario generates from: the catalogue, its settings, the time range and its own random
 * stream. Each scenario's stream is derived from the seed and the scenario's name, so adding a
 * scenario to a replay does not change the events of another.
 *
 * @param catalogue reference data
 * @param settings user settings
 * @param from inclusive start of the replay's event-time range
 * @param to exclusive end
 * @param random this scenario's random stream
 */
public record ScenarioContext(
    CorridorCatalogue catalogue,
    ScenarioSettings settings,
    long from,
    long to,
    SplittableRandom random) {

  /** A deterministic random stream for one named part of a replay. */
  public static SplittableRandom randomFor(long seed, String name) {
    long mixed = seed;
    for (int i = 0; i < name.length(); i++) {
      mixed = mixed * 1_000_003L + name.charAt(i);
    }
    return new SplittableRandom(mixed);
  }
}
