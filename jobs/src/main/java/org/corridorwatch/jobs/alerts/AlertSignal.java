package org.corridorwatch.jobs.alerts;

import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertType;

/**
 * A detector's finding for one subject at one moment of event time: its condition holds at a
 * severity, or it no longer holds. {@link AlertEpisodes} turns findings into an alert lifecycle.
 *
 * @param type the condition
 * @param subject the port it is about
 * @param raise true when the condition holds, false when it has cleared
 * @param severity the severity found (for a clearing, the lowest)
 * @param startedAtMillis event time at which the condition began
 * @param atMillis event time of the finding, e.g. the last matched reading
 * @param message for people
 * @param evidenceJson the readings that matched, as a JSON object
 */
public record AlertSignal(
    AlertType type,
    String subject,
    boolean raise,
    AlertSeverity severity,
    long startedAtMillis,
    long atMillis,
    String message,
    String evidenceJson) {

  /** The lifecycle key: one open episode per type and subject. */
  public String episodeKey() {
    return type.name() + ":" + subject;
  }
}
