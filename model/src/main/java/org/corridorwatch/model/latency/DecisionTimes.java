package org.corridorwatch.model.latency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.PortUtilisation;

/**
 * The event time at which {@code corridor-analytics} decides an output: the output is written in
 * the same watermark step that first reaches this time, and cannot be written earlier.
 *
 * <ul>
 *   <li><b>Utilisation reading</b>: {@code windowEnd − 1 ms}, the timer of its slot ({@code
 *       PortUtilisationFunction}).
 *   <li><b>{@code SUSTAINED_OVERLOAD} and {@code QUEUE_GROWTH}</b>, every transition: the last
 *       {@code evidence.windows[].windowEnd − 1 ms}. The CEP run ends at its last reading, which is
 *       itself emitted at that time; the finding is stamped there ({@code AlertSignal.atMillis}),
 *       and {@code AlertEpisodes} applies it on an event-time timer at that instant, in the same
 *       watermark step.
 *   <li><b>{@code CLEARANCE_BACKLOG}</b>, every transition: the end of the slot holding {@code
 *       evidence.windowEnd}, minus 1 ms. The count is stamped at that instant (a timeout, or the
 *       newest timeout + the window, for a clearing) and made in the customs visits' timer for the
 *       millisecond before it; the visits see the watermark at whole slots only ({@code
 *       WholeSlotWatermark}), so that timer fires when the watermark reaches the end of its slot.
 *       {@code AlertEpisodes}, behind the visits, applies it in the same watermark step.
 * </ul>
 *
 * <p>Several findings at one instant are merged into one transition by {@code AlertEpisodes}, so
 * the rule holds for the transition written.
 */
public final class DecisionTimes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DecisionTimes() {}

  /** When the job decides a utilisation reading. */
  public static long of(PortUtilisation reading) {
    return reading.windowEndMillis() - 1;
  }

  /**
   * When the job decides an alert transition.
   *
   * @throws IllegalArgumentException when the evidence lacks what the rule needs
   */
  public static long of(Alert alert) {
    JsonNode evidence;
    try {
      evidence = JSON.readTree(alert.evidenceJson());
    } catch (IOException e) {
      throw new IllegalArgumentException("alert " + alert.alertId() + ": evidence is not JSON", e);
    }
    return switch (alert.type()) {
      case SUSTAINED_OVERLOAD, QUEUE_GROWTH -> {
        JsonNode windows = evidence == null ? null : evidence.get("windows");
        if (windows == null || !windows.isArray() || windows.isEmpty()) {
          throw new IllegalArgumentException(
              "alert " + alert.alertId() + ": evidence has no windows[]");
        }
        yield instant(alert, windows.get(windows.size() - 1).get("windowEnd")) - 1;
      }
      case CLEARANCE_BACKLOG ->
          EventTimeRules.slotEnd(
                  instant(alert, evidence == null ? null : evidence.get("windowEnd")) - 1)
              - 1;
    };
  }

  private static long instant(Alert alert, JsonNode windowEnd) {
    if (windowEnd == null || !windowEnd.isTextual()) {
      throw new IllegalArgumentException(
          "alert " + alert.alertId() + ": evidence has no windowEnd");
    }
    try {
      return Instant.parse(windowEnd.asText()).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "alert " + alert.alertId() + ": windowEnd '" + windowEnd.asText() + "' is not a time", e);
    }
  }
}
