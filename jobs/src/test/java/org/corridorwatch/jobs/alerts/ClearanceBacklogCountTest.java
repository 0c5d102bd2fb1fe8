package org.corridorwatch.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.corridorwatch.jobs.alerts.ClearanceBacklog.BacklogCount;
import org.corridorwatch.jobs.alerts.ClearanceBacklog.Timeout;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertThresholds;
import org.corridorwatch.model.AlertType;
import org.corridorwatch.model.ControlRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link BacklogCount}: a port's timeouts counted in a rolling hour {@code (t - 1 h, t]}, applied
 * in event-time order when the watermark reaches them; 10 make a WARNING, 30 CRITICAL, and an hour
 * after the newest timeout with none since, a clearing. The counts can change while it runs.
 */
class ClearanceBacklogCountTest {
  private static final String PINGXIANG = "CN-PINGXIANG";
  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;
  private static final long LIMIT = 6 * HOUR;
  private static final long T = Instant.parse("2026-11-22T12:00:00Z").toEpochMilli();

  private KeyedBroadcastOperatorTestHarness<String, Timeout, ControlRecord, AlertSignal> harness;
  private int vehicles;

  @BeforeEach
  void openHarness() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new BacklogCount(ClearanceBacklog.Timing.defaults(), AlertThresholds.defaults()),
            Timeout::portId,
            Types.STRING,
            ThresholdsInForce.CHANGES);
    // as in the job, the control input never holds back event time
    harness.processBroadcastWatermark(Long.MAX_VALUE);
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  /** A vehicle of Pingxiang that timed out at {@code at}, sent with that timestamp as CEP does. */
  private void timeoutAt(long... at) throws Exception {
    for (long a : at) {
      vehicles++;
      harness.processElement(new Timeout(PINGXIANG, "V" + vehicles, a - LIMIT, a), a);
    }
  }

  /** {@code n} timeouts at {@code from}, {@code from + step}, ... */
  private void timeouts(int n, long from, long step) throws Exception {
    for (int i = 0; i < n; i++) {
      timeoutAt(from + i * step);
    }
  }

  private List<AlertSignal> emittedUpTo(long watermark) throws Exception {
    harness.processWatermark(watermark);
    List<AlertSignal> out = new ArrayList<>(harness.extractOutputValues());
    harness.getOutput().clear();
    return out;
  }

  private static void assertRaise(
      AlertSignal s, AlertSeverity severity, long startedAt, long at, int count) {
    assertThat(s.type()).isEqualTo(AlertType.CLEARANCE_BACKLOG);
    assertThat(s.subject()).isEqualTo(PINGXIANG);
    assertThat(s.raise()).isTrue();
    assertThat(s.severity()).isEqualTo(severity);
    assertThat(s.startedAtMillis()).isEqualTo(startedAt);
    assertThat(s.atMillis()).isEqualTo(at);
    assertThat(s.message())
        .isEqualTo(
            "Pingxiang Port (Guangxi): "
                + count
                + " vehicles waited over 6 h for customs clearance within 60 min");
    assertThat(s.evidenceJson())
        .contains("\"timedOutVehicles\":" + count + ",")
        .contains("\"windowEnd\":\"" + Instant.ofEpochMilli(at) + "\"")
        .contains("\"windowMinutes\":60")
        .contains("\"clearanceLimitHours\":6");
  }

  private static void assertClearing(AlertSignal s, long at) {
    assertThat(s.type()).isEqualTo(AlertType.CLEARANCE_BACKLOG);
    assertThat(s.subject()).isEqualTo(PINGXIANG);
    assertThat(s.raise()).isFalse();
    assertThat(s.severity()).isEqualTo(AlertSeverity.WARNING);
    assertThat(s.startedAtMillis()).isEqualTo(at);
    assertThat(s.atMillis()).isEqualTo(at);
    assertThat(s.message())
        .isEqualTo(
            "Pingxiang Port (Guangxi): no vehicle waited over 6 h for customs in the last 60 min");
    assertThat(s.evidenceJson()).contains("\"timedOutVehicles\":0,");
  }

  @Test
  void nineTimeoutsInAnHourAreNoBacklog() throws Exception {
    timeouts(9, T, 5 * MINUTE); // T .. T + 40 min

    assertThat(emittedUpTo(T + 40 * MINUTE)).isEmpty();
    // and none while they leave the window one by one
    assertThat(emittedUpTo(T + 40 * MINUTE + HOUR - 1)).isEmpty();
    // an hour after the last one the count is 0: a clearing, with or without a raise before it
    // (AlertEpisodes drops a clearing that finds no open episode)
    assertThat(emittedUpTo(T + 40 * MINUTE + HOUR))
        .singleElement()
        .satisfies(s -> assertClearing(s, T + 40 * MINUTE + HOUR));
  }

  @Test
  void theTenthTimeoutInAnHourRaisesAWarningFromTheEarliestTimeoutInTheWindow() throws Exception {
    timeouts(9, T, 5 * MINUTE); // T .. T + 40 min
    timeoutAt(T + 55 * MINUTE);

    assertThat(emittedUpTo(T + 55 * MINUTE - 1)).isEmpty();
    assertThat(emittedUpTo(T + 55 * MINUTE))
        .singleElement()
        .satisfies(s -> assertRaise(s, AlertSeverity.WARNING, T, T + 55 * MINUTE, 10));
  }

  @Test
  void tenTimeoutsAtOneInstantRaiseAtOnce() throws Exception {
    timeouts(10, T, 0);

    assertThat(emittedUpTo(T))
        .singleElement()
        .satisfies(s -> assertRaise(s, AlertSeverity.WARNING, T, T, 10));
  }

  @Test
  void thirtyTimeoutsInAnHourAreCritical() throws Exception {
    timeouts(30, T, MINUTE); // T .. T + 29 min

    List<AlertSignal> signals = emittedUpTo(T + 29 * MINUTE);

    // the 10th to the 29th each find a WARNING backlog; the 30th a CRITICAL one
    assertThat(signals).hasSize(21);
    for (int i = 0; i < 20; i++) {
      assertRaise(signals.get(i), AlertSeverity.WARNING, T, T + (9 + i) * MINUTE, 10 + i);
    }
    assertRaise(signals.get(20), AlertSeverity.CRITICAL, T, T + 29 * MINUTE, 30);
  }

  @Test
  void aTimeoutExactlyAnHourOldHasLeftTheWindow() throws Exception {
    // the window is (t - 1 h, t]: the timeout at T no longer counts at T + 1 h
    timeoutAt(T);
    timeouts(8, T + 30 * MINUTE, MINUTE);
    timeoutAt(T + HOUR);

    assertThat(emittedUpTo(T + HOUR)).isEmpty();
  }

  @Test
  void aTimeoutJustUnderAnHourOldStillCounts() throws Exception {
    // the control for the test above: 1 ms earlier, the same ten timeouts are a backlog
    timeoutAt(T);
    timeouts(8, T + 30 * MINUTE, MINUTE);
    timeoutAt(T + HOUR - 1);

    assertThat(emittedUpTo(T + HOUR))
        .singleElement()
        .satisfies(s -> assertRaise(s, AlertSeverity.WARNING, T, T + HOUR - 1, 10));
  }

  @Test
  void anHourAfterTheLastTimeoutWithNoneSinceTheBacklogClearsAndItsStateIsFreed() throws Exception {
    timeouts(10, T, MINUTE); // T .. T + 9 min
    assertThat(emittedUpTo(T + 9 * MINUTE))
        .singleElement()
        .satisfies(s -> assertRaise(s, AlertSeverity.WARNING, T, T + 9 * MINUTE, 10));
    assertThat(keyedStateEntries()).isPositive();
    assertThat(harness.numEventTimeTimers()).isPositive();

    // the window empties one timeout at a time from T + 1 h: 9 .. 1 left, nothing to say
    assertThat(emittedUpTo(T + 9 * MINUTE + HOUR - 1)).isEmpty();

    assertThat(emittedUpTo(T + 9 * MINUTE + HOUR))
        .singleElement()
        .satisfies(s -> assertClearing(s, T + 9 * MINUTE + HOUR));
    assertThat(keyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();

    // and nothing more, ever
    assertThat(emittedUpTo(T + 30 * HOUR)).isEmpty();
  }

  @Test
  void aTimeoutWithinTheHourPostponesTheClearing() throws Exception {
    timeouts(10, T, MINUTE); // T .. T + 9 min
    timeoutAt(T + HOUR + 5 * MINUTE); // one more, within an hour of the last
    assertThat(emittedUpTo(T + 9 * MINUTE)).hasSize(1).allMatch(AlertSignal::raise);

    // no clearing at T + 1h09m, an hour after the tenth: the one at T + 1h05m is in the window
    assertThat(emittedUpTo(T + 2 * HOUR + 5 * MINUTE - 1)).isEmpty();
    assertThat(emittedUpTo(T + 2 * HOUR + 5 * MINUTE))
        .singleElement()
        .satisfies(s -> assertClearing(s, T + 2 * HOUR + 5 * MINUTE));
  }

  @Test
  void timeoutsArrivingInReverseOrderAreCountedInEventTimeOrder() throws Exception {
    for (int i = 9; i >= 0; i--) {
      timeoutAt(T + i * MINUTE);
    }
    assertThat(harness.extractOutputValues()).as("nothing on arrival").isEmpty();

    assertThat(emittedUpTo(T + 8 * MINUTE)).as("9 applied").isEmpty();
    assertThat(emittedUpTo(T + 9 * MINUTE))
        .singleElement()
        .satisfies(s -> assertRaise(s, AlertSeverity.WARNING, T, T + 9 * MINUTE, 10));
  }

  @Test
  void anEarlierTimeoutArrivingLastIsCountedAtItsOwnTime() throws Exception {
    // nine timeouts at T + 61 .. 69 min arrive first, then one at T: ten "received" at once, but in
    // event time the one at T has left the window before the nine come, so there is no backlog,
    // only a clearing an hour after each group
    timeouts(9, T + 61 * MINUTE, MINUTE);
    timeoutAt(T);

    List<AlertSignal> signals = emittedUpTo(T + 3 * HOUR);

    assertThat(signals).hasSize(2);
    assertClearing(signals.get(0), T + HOUR);
    assertClearing(signals.get(1), T + 69 * MINUTE + HOUR);
    assertThat(keyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  /** What the port keeps in keyed state (the broadcast harness has no shortcut for it). */
  private int keyedStateEntries() {
    return ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend())
        .numKeyValueStateEntries();
  }

  /** Counts of {@code warning} and {@code critical} from {@code from} on, for {@code port}. */
  private void countsFrom(String port, long from, int warning, int critical) throws Exception {
    AlertThresholds d = AlertThresholds.defaults();
    harness.processBroadcastElement(
        ControlRecord.thresholds(
            "ctl-" + from,
            port,
            new AlertThresholds(
                d.overloadLevel(),
                d.severeLevel(),
                d.clearLevel(),
                d.overloadReadings(),
                warning,
                critical,
                d.queueLevel(),
                d.queueReadings(),
                null,
                null),
            from),
        Long.MIN_VALUE);
  }

  @Test
  void aThresholdsRecordChangesTheCountsFromItsTimeOnWithoutARestart() throws Exception {
    // five timeouts: no backlog under the default count of 10
    timeouts(5, T, MINUTE);
    assertThat(emittedUpTo(T + 10 * MINUTE)).isEmpty();

    // from T + 30 min every port needs only 3 for a WARNING and 6 for CRITICAL: the next timeout
    // is judged with five of the hour before it already counted
    countsFrom(null, T + 30 * MINUTE, 3, 6);
    timeoutAt(T + 31 * MINUTE);
    List<AlertSignal> signals = emittedUpTo(T + 40 * MINUTE);

    assertThat(signals).hasSize(1);
    assertRaise(signals.get(0), AlertSeverity.CRITICAL, T, T + 31 * MINUTE, 6);
  }

  @Test
  void aPortsOwnCountsWinOverEveryPortsAndTheNewerRecordWins() throws Exception {
    countsFrom(null, T, 2, 3);
    countsFrom(PINGXIANG, T, 20, 40);
    timeouts(5, T, MINUTE);
    // Pingxiang's own 20 beat every port's 2 at the same instant
    assertThat(emittedUpTo(T + 10 * MINUTE)).isEmpty();

    // a newer record for every port is in force from T + 20 min, and it is newer than Pingxiang's
    countsFrom(null, T + 20 * MINUTE, 4, 30);
    timeoutAt(T + 21 * MINUTE);
    List<AlertSignal> signals = emittedUpTo(T + 25 * MINUTE);

    assertThat(signals).hasSize(1);
    assertRaise(signals.get(0), AlertSeverity.WARNING, T, T + 21 * MINUTE, 6);
  }

  @Test
  void portsAreCountedSeparately() throws Exception {
    // five at Pingxiang and five at Boten are not ten at either
    timeouts(5, T, MINUTE);
    for (int i = 0; i < 5; i++) {
      long at = T + (5 + i) * MINUTE;
      harness.processElement(new Timeout("LA-BOTEN", "B" + i, at - LIMIT, at), at);
    }

    assertThat(emittedUpTo(T + 59 * MINUTE)).isEmpty();
  }
}
