package org.corridorwatch.model.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertStatus;
import org.corridorwatch.model.AlertType;
import org.corridorwatch.model.PortUtilisation;
import org.junit.jupiter.api.Test;

/** Each output's decision time, read from the record as the job writes it. */
class DecisionTimesTest {
  private static long at(String time) {
    return Instant.parse("2019-07-01T" + time + "Z").toEpochMilli();
  }

  private static Alert alert(AlertType type, AlertStatus status, String evidence) {
    return new Alert(
        type + ":CN-PINGXIANG:2019-07-01T08:00:00Z",
        type,
        "CN-PINGXIANG",
        AlertSeverity.WARNING,
        status,
        at("08:00:00"),
        1_700_000_000_000L,
        "test",
        evidence);
  }

  @Test
  void aReadingIsDecidedOneMillisecondBeforeItsWindowEnds() {
    PortUtilisation reading =
        new PortUtilisation(
            "CN-PINGXIANG", at("08:15:00") - 86_400_000L, at("08:15:00"), 1350, 800, 1000);
    assertThat(DecisionTimes.of(reading)).isEqualTo(at("08:15:00") - 1);
  }

  @Test
  void runAlertsAreDecidedAtTheirLastReading() {
    String windows =
        "{\"level\":1.00,\"readings\":3,\"windows\":["
            + "{\"windowEnd\":\"2019-07-01T08:30:00Z\",\"trips\":1300},"
            + "{\"windowEnd\":\"2019-07-01T08:45:00Z\",\"trips\":1310},"
            + "{\"windowEnd\":\"2019-07-01T09:00:00Z\",\"trips\":1320}]}";
    assertThat(DecisionTimes.of(alert(AlertType.SUSTAINED_OVERLOAD, AlertStatus.RAISED, windows)))
        .isEqualTo(at("09:00:00") - 1);
    assertThat(DecisionTimes.of(alert(AlertType.QUEUE_GROWTH, AlertStatus.CLEARED, windows)))
        .isEqualTo(at("09:00:00") - 1);
  }

  @Test
  void aBacklogIsDecidedWhenTheWatermarkReachesTheEndOfTheSlotHoldingIt() {
    assertThat(DecisionTimes.of(backlogAt("14:07:00"))).isEqualTo(at("14:15:00") - 1);
    // a count at a slot boundary is made in the timer for the millisecond before it
    assertThat(DecisionTimes.of(backlogAt("14:15:00"))).isEqualTo(at("14:15:00") - 1);
    assertThat(DecisionTimes.of(backlogAt("14:15:00.001"))).isEqualTo(at("14:30:00") - 1);
  }

  private static Alert backlogAt(String time) {
    String evidence =
        "{\"timedOutVehicles\":12,\"windowEnd\":\"2019-07-01T"
            + time
            + "Z\",\"windowMinutes\":60,\"clearanceLimitHours\":6}";
    return alert(AlertType.CLEARANCE_BACKLOG, AlertStatus.ESCALATED, evidence);
  }

  @Test
  void evidenceWithoutWhatTheRuleNeedsIsRefusedWithTheAlertsId() {
    assertThatThrownBy(
            () -> DecisionTimes.of(alert(AlertType.SUSTAINED_OVERLOAD, AlertStatus.RAISED, "{}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SUSTAINED_OVERLOAD:CN-PINGXIANG")
        .hasMessageContaining("windows");
    assertThatThrownBy(
            () ->
                DecisionTimes.of(
                    alert(
                        AlertType.CLEARANCE_BACKLOG, AlertStatus.RAISED, "{\"windowEnd\":\"x\"}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a time");
  }
}
