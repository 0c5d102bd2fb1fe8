package org.corridorwatch.model;

/**
 * One transition of a congestion alert episode ({@code corridor.alerts.v1}, keyed by {@code
 * subject}). Every record of one episode shares {@code alertId}.
 *
 * @param alertId deterministic: the same input gives the same id on every replay
 * @param type the condition
 * @param subject the port (or other catalogue id) the alert is about
 * @param severity severity after this transition
 * @param status which transition this record is
 * @param startedAtMillis event time at which the episode's condition began
 * @param detectedAtMillis processing time at which the job detected the transition
 * @param message for people
 * @param evidenceJson a JSON object with the readings that matched, written verbatim
 */
public record Alert(
    String alertId,
    AlertType type,
    String subject,
    AlertSeverity severity,
    AlertStatus status,
    long startedAtMillis,
    long detectedAtMillis,
    String message,
    String evidenceJson) {

  public static final String SCHEMA = "alert/1";
}
