package org.corridorwatch.bench;

import org.corridorwatch.model.latency.DecisionTimes;

/**
 * One output record of the job as a {@code read_committed} reader first saw it.
 *
 * @param kind alert transition or utilisation reading
 * @param label for people, e.g. the alert id and status
 * @param decisionTimeMillis the event time the job decided it at ({@link DecisionTimes})
 * @param readableAtMillis wall clock when the poll that returned it came back
 * @param detectedAtMillis for alerts, the job's wall clock when it made the transition ({@code
 *     detectedAt}); {@link Long#MIN_VALUE} for readings, which carry no such time
 */
public record ReadableOutput(
    Kind kind,
    String label,
    long decisionTimeMillis,
    long readableAtMillis,
    long detectedAtMillis) {

  /** Which output topic it came from. */
  public enum Kind {
    ALERT,
    READING
  }

  public boolean hasDetectedAt() {
    return detectedAtMillis != Long.MIN_VALUE;
  }
}
