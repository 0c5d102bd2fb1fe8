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
    return chronological(eventTime, sequence, other.eventTime, other.sequence);
  }

  /** Orders by time, then by sequence: the one order every queue of a replay uses. */
  public static int chronological(long time, long sequence, long otherTime, long otherSequence) {
    int byTime = Long.compare(time, otherTime);
    return byTime != 0 ? byTime : Long.compare(sequence, otherSequence);
  }
}
