package org.corridorwatch.jobs.waits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.corridorwatch.jobs.alerts.AlertSignal;
import org.corridorwatch.jobs.alerts.ThresholdsInForce;
import org.corridorwatch.jobs.ingest.AsRead;
import org.corridorwatch.jobs.ingest.Ingested;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertThresholds;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.ControlRecord;
import org.corridorwatch.model.CrossingDirection;
import org.corridorwatch.model.CrossingStage;
import org.corridorwatch.model.DeadLetter;
import org.corridorwatch.model.PortWaits;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.model.VehicleType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Vehicle visits at one port, driven by hand: records in, the watermark moved, the waits records,
 * backlog findings and dead letters read back, and the state and timers counted.
 */
class PortVisitsTest {
  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;
  private static final long LIMIT = 6 * HOUR; // the default clearance limit
  private static final Duration MAX_WAIT = Duration.ofHours(48);
  private static final String PINGXIANG = "CN-PINGXIANG";

  private KeyedBroadcastOperatorTestHarness<
          String, Ingested<BorderCrossing>, ControlRecord, PortWaits>
      harness;
  private int nextId;

  @BeforeEach
  void open() throws Exception {
    harness = newHarness(null);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private static KeyedBroadcastOperatorTestHarness<
          String, Ingested<BorderCrossing>, ControlRecord, PortWaits>
      newHarness(OperatorSubtaskState restored) throws Exception {
    var h =
        new KeyedBroadcastOperatorTestHarness<>(
            new CoBroadcastWithKeyedOperator<>(
                new PortVisits(MAX_WAIT, AlertThresholds.defaults()),
                List.of(ThresholdsInForce.CHANGES)),
            (Ingested<BorderCrossing> in) -> in.record().portId(),
            Types.STRING,
            1,
            1,
            0);
    if (restored != null) {
      h.initializeState(restored);
    }
    h.open();
    h.processBroadcastWatermark(Long.MAX_VALUE); // control records take no part in event time
    return h;
  }

  private static long at(String time) {
    return Instant.parse("2019-07-01T" + time + "Z").toEpochMilli();
  }

  private void send(String vehicle, CrossingStage stage, long time) throws Exception {
    harness.processElement(
        AsRead.ingested(
            new BorderCrossing(
                "c-" + nextId++,
                PINGXIANG,
                vehicle,
                stage,
                CrossingDirection.EXPORT,
                VehicleType.TRUCK,
                true,
                time)),
        time);
  }

  private void watermark(long time) throws Exception {
    harness.processWatermark(time);
  }

  private List<PortWaits> waits() {
    return new ArrayList<>(harness.extractOutputValues());
  }

  private List<AlertSignal> backlog() {
    List<AlertSignal> out = new ArrayList<>();
    var side = harness.getSideOutput(PortVisits.BACKLOG);
    if (side != null) {
      side.forEach(r -> out.add(r.getValue()));
    }
    return out;
  }

  private PortWaits at(List<PortWaits> all, String windowEnd) {
    long end = at(windowEnd);
    return all.stream().filter(w -> w.windowEndMillis() == end).findFirst().orElseThrow();
  }

  private int keyedStateEntries() {
    return ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend())
        .numKeyValueStateEntries();
  }

  @Test
  void aSlotEndCountsTheWaitingAndTheHoursDecisionsAndDeparturesByNearestRank() throws Exception {
    // three vehicles decided in the hour [10:00, 11:00): 20, 35 and 35 minutes after arrival
    send("A", CrossingStage.ARRIVED, at("09:40:00"));
    send("A", CrossingStage.CLEARED, at("10:00:00")); // at the window's start: counted
    send("B", CrossingStage.ARRIVED, at("09:50:00"));
    send("B", CrossingStage.CLEARED, at("10:25:30")); // 35.5 min: 35
    send("C", CrossingStage.ARRIVED, at("10:10:00"));
    send("C", CrossingStage.REJECTED, at("10:45:00"));
    send("A", CrossingStage.DEPARTED, at("10:30:00")); // dwell 50
    send("D", CrossingStage.ARRIVED, at("10:20:00")); // still waiting at 11:00
    send("E", CrossingStage.ARRIVED, at("10:59:59"));
    send("E", CrossingStage.CLEARED, at("11:00:00")); // at the window's end: not counted
    watermark(at("11:00:00") - 1);

    PortWaits w = at(waits(), "11:00:00");
    assertThat(w.windowStartMillis()).isEqualTo(at("10:00:00"));
    assertThat(w.waiting()).as("D, and E whose decision is not before 11:00").isEqualTo(2);
    assertThat(w.oldestWaitMinutes()).as("D since 10:20").isEqualTo(40);
    assertThat(w.cleared()).isEqualTo(3);
    assertThat(w.clearanceMinutesP50()).as("rank ceil(1.5) = 2 of 20, 35, 35").isEqualTo(35);
    assertThat(w.clearanceMinutesP90()).as("rank 3").isEqualTo(35);
    assertThat(w.clearanceMinutesMax()).isEqualTo(35);
    assertThat(w.departed()).isEqualTo(1);
    assertThat(w.dwellMinutesP50()).as("one value: every rank is it").isEqualTo(50);
    assertThat(w.dwellMinutesP90()).isEqualTo(50);
  }

  @Test
  void recordsApplyInEventTimeOrderWhateverOrderTheyCameIn() throws Exception {
    send("A", CrossingStage.CLEARED, at("10:30:00"));
    send("A", CrossingStage.DEPARTED, at("10:40:00"));
    send("A", CrossingStage.ARRIVED, at("10:05:00"));
    watermark(at("10:45:00") - 1);

    PortWaits w = at(waits(), "10:45:00");
    assertThat(w.cleared()).isEqualTo(1);
    assertThat(w.clearanceMinutesMax()).isEqualTo(25);
    assertThat(w.dwellMinutesP50()).isEqualTo(35);
  }

  @Test
  void aPortWritesUntilNothingIsCountedThenOnceMoreAndThenWaitsForItsNextArrival()
      throws Exception {
    send("A", CrossingStage.ARRIVED, at("10:05:00"));
    send("A", CrossingStage.CLEARED, at("10:20:00"));
    send("A", CrossingStage.DEPARTED, at("10:50:00"));
    send("B", CrossingStage.CLEARED, at("12:10:00")); // no known arrival: counts nowhere
    watermark(at("14:00:00"));

    List<PortWaits> all = waits();
    assertThat(all)
        .extracting(w -> Instant.ofEpochMilli(w.windowEndMillis()).toString())
        .containsExactly(
            "2019-07-01T10:15:00Z",
            "2019-07-01T10:30:00Z",
            "2019-07-01T10:45:00Z",
            "2019-07-01T11:00:00Z",
            "2019-07-01T11:15:00Z",
            "2019-07-01T11:30:00Z",
            "2019-07-01T11:45:00Z",
            "2019-07-01T12:00:00Z");
    assertThat(all.get(all.size() - 1))
        .as("the last has nothing counted")
        .isEqualTo(PortWaits.quiet(PINGXIANG, at("11:00:00"), at("12:00:00")));
    assertThat(at(all, "11:45:00").departed()).isEqualTo(1);

    send("C", CrossingStage.ARRIVED, at("15:01:00"));
    watermark(at("15:15:00") - 1);
    assertThat(waits()).hasSize(all.size() + 1);
    assertThat(at(waits(), "15:15:00").waiting()).isEqualTo(1);
  }

  @Test
  void aDecisionOneMillisecondBeforeTheLimitIsInTimeAndOneAtTheLimitTimesOut() throws Exception {
    long t0 = at("00:00:00");
    for (int i = 0; i < 10; i++) {
      send("IN-TIME-" + i, CrossingStage.ARRIVED, t0 + i * MINUTE);
      send("IN-TIME-" + i, CrossingStage.CLEARED, t0 + i * MINUTE + LIMIT - 1);
    }
    watermark(t0 + 12 * HOUR - 1);
    assertThat(backlog()).as("nobody timed out").isEmpty();

    long t1 = at("12:00:00");
    for (int i = 0; i < 10; i++) {
      send("LATE-" + i, CrossingStage.ARRIVED, t1 + i * MINUTE);
      send("LATE-" + i, CrossingStage.CLEARED, t1 + i * MINUTE + LIMIT);
    }
    watermark(t1 + LIMIT + 9 * MINUTE);
    List<AlertSignal> found = backlog();
    assertThat(found).isNotEmpty();
    AlertSignal raised = found.get(found.size() - 1);
    assertThat(raised.raise()).isTrue();
    assertThat(raised.severity()).isEqualTo(AlertSeverity.WARNING);
    assertThat(raised.startedAtMillis()).isEqualTo(t1 + LIMIT);
    assertThat(raised.atMillis()).isEqualTo(t1 + 9 * MINUTE + LIMIT);
    assertThat(raised.evidenceJson()).contains("\"timedOutVehicles\":10");

    watermark(t1 + LIMIT + 9 * MINUTE + HOUR);
    AlertSignal last = backlog().get(backlog().size() - 1);
    assertThat(last.raise()).as("an hour after the last timeout none is left").isFalse();
  }

  @Test
  void aNewArrivalReplacesTheOpenVisitWhichNeitherWaitsNorTimesOut() throws Exception {
    send("A", CrossingStage.ARRIVED, at("01:00:00"));
    send("A", CrossingStage.ARRIVED, at("06:00:00"));
    send("A", CrossingStage.CLEARED, at("08:00:00")); // 2 h after the second arrival
    watermark(at("09:00:00") - 1);

    PortWaits w = at(waits(), "06:15:00");
    assertThat(w.waiting()).isEqualTo(1);
    assertThat(w.oldestWaitMinutes()).as("from the second arrival").isEqualTo(15);
    assertThat(at(waits(), "09:00:00").clearanceMinutesMax()).isEqualTo(120);
    watermark(at("14:00:00"));
    assertThat(backlog()).as("the first visit, replaced at 06:00, never timed out").isEmpty();
  }

  @Test
  void aVisitWithoutADepartureIsDroppedAtTheMaxWaitAndFindsNoLaterRecord() throws Exception {
    long arrival = at("10:00:00");
    send("A", CrossingStage.ARRIVED, arrival);
    watermark(arrival + MAX_WAIT.toMillis() - 15 * MINUTE - 1);
    PortWaits before = waits().get(waits().size() - 1);
    assertThat(before.waiting()).isEqualTo(1);
    assertThat(before.oldestWaitMinutes()).isEqualTo(48 * 60 - 15);

    send("A", CrossingStage.DEPARTED, arrival + MAX_WAIT.toMillis()); // too late to find it
    watermark(arrival + MAX_WAIT.toMillis() + 2 * HOUR);
    PortWaits atMaxWait =
        waits().stream()
            .filter(w -> w.windowEndMillis() == arrival + MAX_WAIT.toMillis())
            .findFirst()
            .orElseThrow();
    assertThat(atMaxWait.waiting()).as("windowEnd - arrival is not under the max wait").isZero();
    assertThat(waits()).allSatisfy(w -> assertThat(w.departed()).isZero());
  }

  @Test
  void stateAndTimersAreGoneOnceTheLastVisitHasEndedAndThePortHasFallenQuiet() throws Exception {
    send("A", CrossingStage.ARRIVED, at("10:00:00"));
    send("B", CrossingStage.ARRIVED, at("10:01:00"));
    send("A", CrossingStage.CLEARED, at("10:30:00"));
    send("B", CrossingStage.REJECTED, at("17:00:00")); // timed out at 16:01 first
    send("A", CrossingStage.DEPARTED, at("11:00:00"));
    send("B", CrossingStage.DEPARTED, at("17:30:00"));
    watermark(at("12:00:00"));
    assertThat(harness.numEventTimeTimers()).isPositive();

    watermark(at("23:59:00"));
    assertThat(backlog()).extracting(AlertSignal::raise).containsOnly(false);
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(keyedStateEntries())
        .as("only how far the port has applied its records is kept")
        .isEqualTo(1);
  }

  @Test
  void aDepartureAfterThePortFellQuietIsForgottenAnHourLater() throws Exception {
    send("A", CrossingStage.ARRIVED, at("10:00:00"));
    send("A", CrossingStage.CLEARED, at("10:05:00"));
    send("A", CrossingStage.DEPARTED, at("14:00:00")); // decided long ago, leaves while quiet
    watermark(at("16:00:00"));
    assertThat(waits().get(waits().size() - 1).windowEndMillis())
        .as("a departure does not wake the port")
        .isEqualTo(at("11:15:00"));
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(keyedStateEntries()).isEqualTo(1);
  }

  @Test
  void aRecordBehindTheWatermarkIsLateAndChangesNothing() throws Exception {
    send("A", CrossingStage.ARRIVED, at("10:00:00"));
    watermark(at("10:30:00") - 1);
    int written = waits().size();

    send("B", CrossingStage.ARRIVED, at("10:10:00"));
    watermark(at("10:45:00") - 1);

    List<DeadLetter> late = AsRead.deadLetters(harness);
    assertThat(late).extracting(DeadLetter::reason).containsExactly(RejectReason.LATE);
    assertThat(late.get(0).detail()).contains("customs waits");
    assertThat(waits()).hasSize(written + 1);
    assertThat(at(waits(), "10:45:00").waiting()).as("only A").isEqualTo(1);
  }

  @Test
  void afterARestoreARecordForAnAppliedInstantIsLateThoughTheWatermarkStartsAfresh()
      throws Exception {
    send("A", CrossingStage.ARRIVED, at("10:00:00"));
    watermark(at("10:30:00") - 1);
    OperatorSubtaskState snapshot = harness.snapshot(1, 1);
    int written = waits().size();
    harness.close();

    harness = newHarness(snapshot);
    send("B", CrossingStage.ARRIVED, at("10:20:00"));
    send("C", CrossingStage.ARRIVED, at("10:35:00"));
    watermark(at("10:45:00") - 1);

    assertThat(AsRead.deadLetters(harness))
        .extracting(DeadLetter::reason)
        .containsExactly(RejectReason.LATE);
    List<PortWaits> after = waits();
    assertThat(after).extracting(PortWaits::windowEndMillis).containsExactly(at("10:45:00"));
    assertThat(after.get(0).waiting()).as("A and C, not B").isEqualTo(2);
    assertThat(written).isEqualTo(2);
  }

  @Test
  void aClearanceLimitChangedByThresholdsAppliesToVehiclesArrivingFromItsEffectiveTime()
      throws Exception {
    AlertThresholds d = AlertThresholds.defaults();
    AlertThresholds twoHours = d.withClearance(120, null);
    harness.processBroadcastElement(
        ControlRecord.thresholds("ctl-1", PINGXIANG, twoHours, at("06:00:00")), at("06:00:00"));

    long t = at("06:00:00");
    for (int i = 0; i < 10; i++) {
      send("V-" + i, CrossingStage.ARRIVED, t + i * MINUTE);
      send("V-" + i, CrossingStage.CLEARED, t + i * MINUTE + 3 * HOUR); // within 6 h, not 2 h
    }
    watermark(t + 4 * HOUR);
    List<AlertSignal> found = backlog();
    assertThat(found).filteredOn(AlertSignal::raise).isNotEmpty();
    assertThat(found.get(0).startedAtMillis()).isEqualTo(t + 2 * HOUR);
    assertThat(found.get(found.size() - 1).evidenceJson())
        .contains("\"clearanceLimitMinutes\":120")
        .as("the window is left to the job's start value")
        .contains("\"windowMinutes\":60");
  }
}
