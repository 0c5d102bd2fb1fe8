package org.corridorwatch.generators.answers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.corridorwatch.generators.answers.Visits.Step;
import org.corridorwatch.generators.delivery.Delivery;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertStatus;
import org.corridorwatch.model.AlertThresholds;
import org.corridorwatch.model.AlertType;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.ControlRecord;
import org.corridorwatch.model.CrossingDirection;
import org.corridorwatch.model.CrossingStage;
import org.corridorwatch.model.InputRecord;
import org.corridorwatch.model.VehicleType;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.model.json.KnownIds;
import org.corridorwatch.model.kafka.InputTopics;
import org.corridorwatch.seeds.CorridorCatalogue;
import org.junit.jupiter.api.Test;

/**
 * CLEARANCE_BACKLOG on visits: the limit's boundary to the millisecond, what ends a visit before it
 * can time out, and THRESHOLDS records deciding the limit at arrival and the window and counts at
 * each judged instant.
 */
class ClearanceBacklogOracleTest {
  private static final String PORT = "CN-MOHAN";
  private static final long MINUTE = 60_000L;
  private static final long MAX_WAIT = KnownAnswers.DEFAULT_MAX_WAIT_MILLIS;
  private static final CorridorCatalogue CATALOGUE = CorridorCatalogue.standard();

  private final List<Step> steps = new ArrayList<>();

  private static long at(String hhmm) {
    return Instant.parse("2026-11-22T" + hhmm + ":00Z").toEpochMilli();
  }

  /** The contract's defaults with another limit, window and counts. */
  private static AlertThresholds thresholds(
      Integer limitMinutes, Integer windowMinutes, int warning, int critical) {
    AlertThresholds d = AlertThresholds.defaults();
    return new AlertThresholds(
        d.overloadLevel(),
        d.severeLevel(),
        d.clearLevel(),
        d.overloadReadings(),
        warning,
        critical,
        d.queueLevel(),
        d.queueReadings(),
        limitMinutes,
        windowMinutes);
  }

  private List<ExpectedAlert> alerts(AlertThresholds start, long maxWait) {
    return ClearanceBacklogOracle.alerts(
        PORT, Visits.of(PORT, steps, maxWait), maxWait, SentThresholds.startingWith(start));
  }

  private static ExpectedAlert alert(AlertStatus status, AlertSeverity severity, long startedAt) {
    return new ExpectedAlert(
        "CLEARANCE_BACKLOG:" + PORT + ":" + Instant.ofEpochMilli(startedAt),
        AlertType.CLEARANCE_BACKLOG,
        PORT,
        status,
        severity,
        startedAt);
  }

  @Test
  void aDecisionOneMillisecondBeforeTheLimitIsInTimeAndOneAtTheLimitIsLate() {
    long a = at("08:00");
    long limit = 360 * MINUTE;
    steps.add(new Step("IN-TIME", CrossingStage.ARRIVED, a));
    steps.add(new Step("IN-TIME", CrossingStage.CLEARED, a + limit - 1));
    steps.add(new Step("LATE", CrossingStage.ARRIVED, a));
    steps.add(new Step("LATE", CrossingStage.REJECTED, a + limit));

    // one timeout makes a WARNING, two would make it CRITICAL: so exactly LATE timed out, at
    // 14:00, and an hour later the window (14:00, 15:00] holds none
    assertThat(alerts(thresholds(360, 60, 1, 2), MAX_WAIT))
        .containsExactly(
            alert(AlertStatus.RAISED, AlertSeverity.WARNING, a + limit),
            alert(AlertStatus.CLEARED, AlertSeverity.WARNING, a + limit));
  }

  @Test
  void aVisitEndedBeforeItsLimitOrKeptNoLongerThanItNeverTimesOut() {
    // replaced by its next arrival at 10:00, which is cleared in time
    steps.add(new Step("REPLACED", CrossingStage.ARRIVED, at("08:00")));
    steps.add(new Step("REPLACED", CrossingStage.ARRIVED, at("10:00")));
    steps.add(new Step("REPLACED", CrossingStage.CLEARED, at("11:00")));
    // departed without a decision, 1 ms before its limit
    steps.add(new Step("GONE", CrossingStage.ARRIVED, at("08:00")));
    steps.add(new Step("GONE", CrossingStage.DEPARTED, at("14:00") - 1));

    assertThat(alerts(thresholds(360, 60, 1, 2), MAX_WAIT)).isEmpty();

    // a limit of the max wait itself: the job drops the visit at the instant it would time out
    steps.clear();
    steps.add(new Step("FORGOTTEN", CrossingStage.ARRIVED, at("08:00")));
    assertThat(alerts(thresholds(360, 60, 1, 2), 360 * MINUTE)).isEmpty();
    assertThat(alerts(thresholds(360, 60, 1, 2), 360 * MINUTE + 1)).hasSize(2);
  }

  @Test
  void thresholdsRecordsSetTheLimitAtArrivalAndTheWindowAndCountsAtEachInstant() {
    KnownAnswers answers =
        new KnownAnswers(
            CATALOGUE,
            CorridorCodec.forInputs(new KnownIds(CATALOGUE.portIds(), CATALOGUE.lineIds())),
            InputTopics.contract(),
            5 * MINUTE,
            24 * 60 * MINUTE);
    // every port from 07:00: a 60 min limit, a 30 min window; one timeout a WARNING, two CRITICAL
    send(answers, ControlRecord.thresholds("t-1", null, thresholds(60, 30, 1, 2), at("07:00")));
    // from 09:00 this port's own record (120 min, 60 min, 1 and 2) and an every-port one (10 min,
    // 30 min, 5 and 9): the port's own wins the tie
    send(answers, ControlRecord.thresholds("t-2", PORT, thresholds(120, 60, 1, 2), at("09:00")));
    send(answers, ControlRecord.thresholds("t-3", null, thresholds(10, 30, 5, 9), at("09:00")));

    // arrivals under t-1's 60 min limit: time out at 09:00 and 09:40
    send(answers, crossing("EARLY", CrossingStage.ARRIVED, at("08:00")));
    send(answers, crossing("MID", CrossingStage.ARRIVED, at("08:40")));
    // arrival under t-2's 120 min limit: its decision at 10:30 is in time (under t-3's 10 min it
    // would time out at 09:10, though t-3's counts would then raise nothing at all)
    send(answers, crossing("LATER", CrossingStage.ARRIVED, at("09:00")));
    send(answers, crossing("LATER", CrossingStage.CLEARED, at("10:30")));
    send(answers, crossing("LATER", CrossingStage.DEPARTED, at("10:40")));
    send(answers, crossing("MID", CrossingStage.CLEARED, at("11:00")));
    send(answers, crossing("EARLY", CrossingStage.CLEARED, at("12:00")));
    // sent once the watermark is near 12:00: it cannot reach back to the arrivals at 08:00 and
    // 08:40, where its 5 min limit would win against t-1 (same start, sent later)
    send(answers, ControlRecord.thresholds("t-4", null, thresholds(5, 30, 1, 2), at("07:00")));

    // each timeout counts for the window in force when it timed out, t-2's 60 min for both.
    // 09:00: 1 counts, WARNING. 09:40: 2, CRITICAL (with t-1's 30 min the first would have left at
    // 09:30). 10:00 = 09:00 + 60: 1, no change. 10:40 = 09:40 + 60: none, cleared
    assertThat(answers.alerts())
        .containsExactly(
            alert(AlertStatus.RAISED, AlertSeverity.WARNING, at("09:00")),
            alert(AlertStatus.ESCALATED, AlertSeverity.CRITICAL, at("09:00")),
            alert(AlertStatus.CLEARED, AlertSeverity.CRITICAL, at("09:00")));
    // the waits do not depend on thresholds: EARLY's decision after 240 min shows at 12:15
    assertThat(answers.portWaits())
        .filteredOn(w -> w.windowEndMillis() == at("12:15"))
        .singleElement()
        .satisfies(w -> assertThat(w.clearanceMinutesMax()).isEqualTo(240L));
  }

  private static BorderCrossing crossing(String vehicle, CrossingStage stage, long time) {
    return new BorderCrossing(
        vehicle + "-" + stage,
        PORT,
        vehicle,
        stage,
        CrossingDirection.EXPORT,
        VehicleType.TRUCK,
        true,
        time);
  }

  private static void send(KnownAnswers answers, InputRecord record) {
    answers.observe(
        new Delivery(
            InputTopics.contract().topicOf(record),
            record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8),
            CorridorCodec.forOutputs().write(record),
            record.eventTimeMillis(),
            Delivery.Kind.EVENT,
            record,
            null));
  }
}
