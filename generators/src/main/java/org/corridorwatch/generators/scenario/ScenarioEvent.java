package org.corridorwatch.generators.scenario;

import org.corridorwatch.model.InputRecord;

/**
 * One clean event a scenario produced, with its event time. {@code sequence} orders events with the
 * same time in the order they were generated, which keeps output byte-identical for the same seed.
 *
 * @param eventTime epoch milliseconds UTC
 * @param sequence generation order, unique within a replay
 * @param record the model record
 */
public record ScenarioEvent(long eventTime, long sequence, InputRecord record)
    implements Comparable<ScenarioEvent> {

  // a plain comparison: composed Comparator lambdas showed up as the top cost of a replay
  @Override
  public int compareTo(ScenarioEvent other) {
    int byTime = Long.compare(eventTime, other.eventTime);
    return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
  }
}
