package org.corridorwatch.generators.answers;

import org.corridorwatch.model.Alert;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertStatus;
import org.corridorwatch.model.AlertType;

/**
 * An alert transition a correct job must write, without what only the job can know (its detection
 * time, message and evidence).
 *
 * @param alertId the episode id, {@code type:subject:startedAt}
 * @param type the condition
 * @param subject the port
 * @param status the transition
 * @param severity severity after it
 * @param startedAtMillis event time at which the episode's condition began
 */
public record ExpectedAlert(
    String alertId,
    AlertType type,
    String subject,
    AlertStatus status,
    AlertSeverity severity,
    long startedAtMillis) {

  /** The part of a written alert that the known answers predict, for comparing the two. */
  public static ExpectedAlert of(Alert written) {
    return new ExpectedAlert(
        written.alertId(),
        written.type(),
        written.subject(),
        written.status(),
        written.severity(),
        written.startedAtMillis());
  }
}
