package org.corridorwatch.generators.scenario;

import java.time.Instant;

/**
 * What a user may set about a scenario's traffic.
 *
 * @param start where multi-day scenarios begin (they default to 2019-07-01, the month the source
 *     reports its figures for)
 * @param days how many days multi-day scenarios run
 */
public record ScenarioSettings(long start, int days) {
  public static final long DEFAULT_START = Instant.parse("2019-07-01T00:00:00Z").toEpochMilli();
  public static final int DEFAULT_DAYS = 7;

  public static ScenarioSettings defaults() {
    return new ScenarioSettings(DEFAULT_START, DEFAULT_DAYS);
  }
}
