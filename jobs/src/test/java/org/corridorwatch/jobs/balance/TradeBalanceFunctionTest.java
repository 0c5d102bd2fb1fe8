package org.corridorwatch.jobs.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.corridorwatch.jobs.ingest.AsRead;
import org.corridorwatch.jobs.ingest.Ingested;
import org.corridorwatch.model.BalanceLevel;
import org.corridorwatch.model.BalanceScope;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.CrossingDirection;
import org.corridorwatch.model.CrossingStage;
import org.corridorwatch.model.DeadLetter;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.model.TradeBalance;
import org.corridorwatch.model.VehicleType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cumulative and 30-day balances per key, written when the watermark passes a whole hour and only
 * for the scopes whose counts changed.
 */
class TradeBalanceFunctionTest {
  private static final long MINUTE = 60_000L;
  private static final long HOUR = EventTimeRules.HOUR_MILLIS;
  private static final long DAY = EventTimeRules.DAY_MILLIS;
  private static final long D = Instant.parse("2026-11-22T00:00:00Z").toEpochMilli();
  private static final String PORT = "CN-PINGXIANG";

  private KeyedOneInputStreamOperatorTestHarness<
          String, BalanceContribution<BorderCrossing>, TradeBalance>
      harness;

  @BeforeEach
  void openHarness() throws Exception {
    harness = newHarness();
    harness.open();
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  private static KeyedOneInputStreamOperatorTestHarness<
          String, BalanceContribution<BorderCrossing>, TradeBalance>
      newHarness() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new TradeBalanceFunction<BorderCrossing>()),
        BalanceContribution::key,
        Types.STRING);
  }

  private void outbound(long time) throws Exception {
    add(harness, BalanceLevel.PORT, PORT, time, true, false);
  }

  private void inbound(long time) throws Exception {
    add(harness, BalanceLevel.PORT, PORT, time, false, false);
  }

  private void emptyInbound(long time) throws Exception {
    add(harness, BalanceLevel.PORT, PORT, time, false, true);
  }

  private static void add(
      KeyedOneInputStreamOperatorTestHarness<
              String, BalanceContribution<BorderCrossing>, TradeBalance>
          h,
      BalanceLevel level,
      String id,
      long time,
      boolean outbound,
      boolean emptyInbound)
      throws Exception {
    h.processElement(
        new BalanceContribution<>(level, id, time, outbound, emptyInbound, origin(id, time)), time);
  }

  @Test
  void aDepartureInAnHourAlreadyReadIsLateAndChangesNoTotal() throws Exception {
    long h10 = D + 10 * HOUR;
    outbound(h10 + MINUTE);
    harness.processWatermark(h10 + HOUR - 1);
    assertThat(records()).hasSize(2);

    inbound(h10 + 30 * MINUTE); // its hour was read
    outbound(h10 + HOUR + MINUTE); // on time

    assertThat(AsRead.deadLetters(harness))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.reason()).isEqualTo(RejectReason.LATE);
              assertThat(d.detail()).contains("trade balance");
            });
    harness.processWatermark(h10 + 2 * HOUR - 1);
    // no asOf written twice, and the inbound never reached a total
    assertThat(records())
        .extracting(TradeBalance::asOfMillis)
        .containsExactly(h10 + HOUR, h10 + HOUR, h10 + 2 * HOUR, h10 + 2 * HOUR);
    assertThat(recordsSince(2))
        .extracting(TradeBalance::outbound, TradeBalance::inbound)
        .containsOnly(org.assertj.core.groups.Tuple.tuple(2L, 0L));
  }

  @Test
  void afterARestoreAnHourReadBeforeItIsStillLate() throws Exception {
    long h10 = D + 10 * HOUR;
    outbound(h10 + MINUTE);
    harness.processWatermark(h10 + HOUR - 1);
    OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
    try (KeyedOneInputStreamOperatorTestHarness<
            String, BalanceContribution<BorderCrossing>, TradeBalance>
        restored = newHarness()) {
      restored.initializeState(snapshot);
      restored.open();
      add(restored, BalanceLevel.PORT, PORT, h10 + 2 * MINUTE, true, false);
      assertThat(AsRead.deadLetters(restored))
          .singleElement()
          .extracting(DeadLetter::reason)
          .isEqualTo(RejectReason.LATE);
      restored.processWatermark(h10 + 40 * DAY);
      // nothing as of 11:00 again; the rolling scope runs down from the one departure counted
      assertThat(restored.extractOutputValues())
          .extracting(TradeBalance::asOfMillis)
          .doesNotContain(h10 + HOUR);
      assertThat(restored.extractOutputValues())
          .extracting(TradeBalance::outbound)
          .containsOnly(0L);
      assertThat(restored.numEventTimeTimers()).isZero();
      // cumulative, last-emitted and read-through
      assertThat(restored.numKeyedStateEntries()).isEqualTo(3);
    }
  }

  /** The departure a contribution comes from; only its origin matters here. */
  private static Ingested<BorderCrossing> origin(String id, long time) {
    return AsRead.ingested(
        new BorderCrossing(
            "c-" + id + "-" + time,
            PORT,
            "V-1",
            CrossingStage.DEPARTED,
            CrossingDirection.EXPORT,
            VehicleType.TRUCK,
            true,
            time));
  }

  private static TradeBalance port(BalanceScope scope, long asOf, long out, long in, long empty) {
    return new TradeBalance(BalanceLevel.PORT, PORT, scope, asOf, out, in, empty);
  }

  private static TradeBalance cumulative(long asOf, long out, long in, long empty) {
    return port(BalanceScope.CUMULATIVE, asOf, out, in, empty);
  }

  private static TradeBalance rolling(long asOf, long out, long in, long empty) {
    return port(BalanceScope.ROLLING_30D, asOf, out, in, empty);
  }

  private List<TradeBalance> records() {
    return harness.extractOutputValues();
  }

  private List<TradeBalance> recordsSince(int from) {
    List<TradeBalance> all = records();
    return all.subList(from, all.size());
  }

  @Test
  void anHourIsWrittenOnceWhenTheWatermarkReachesItsEndMinusOne() throws Exception {
    long h10 = D + 10 * HOUR;
    outbound(h10 + 5 * MINUTE);
    inbound(h10 + 20 * MINUTE);
    emptyInbound(h10 + HOUR - 1); // the hour's last millisecond

    harness.processWatermark(h10 + HOUR - 2);
    assertThat(records()).isEmpty();

    harness.processWatermark(h10 + HOUR - 1);
    assertThat(records())
        .containsExactly(cumulative(h10 + HOUR, 1, 2, 1), rolling(h10 + HOUR, 1, 2, 1));

    // hours without a change write nothing
    harness.processWatermark(h10 + 3 * HOUR - 1);
    assertThat(records()).hasSize(2);

    outbound(h10 + 3 * HOUR); // 13:00:00.000 belongs to the hour ending 14:00
    harness.processWatermark(h10 + 4 * HOUR - 2);
    assertThat(records()).hasSize(2);
    harness.processWatermark(h10 + 4 * HOUR - 1);
    assertThat(recordsSince(2))
        .containsExactly(cumulative(h10 + 4 * HOUR, 2, 2, 1), rolling(h10 + 4 * HOUR, 2, 2, 1));
  }

  @Test
  void aRecordAsOfTheEndOfAnHourCountsNothingAtOrAfterIt() throws Exception {
    // the watermark trails the newest event by 5 min, so departures of 11:02 and 11:05 are in
    // before the watermark reaches 10:59:59.999 (what an event at 11:05 brings it to)
    long h10 = D + 10 * HOUR;
    outbound(h10 + 50 * MINUTE);
    inbound(h10 + HOUR + 2 * MINUTE);
    emptyInbound(h10 + HOUR + 5 * MINUTE);

    harness.processWatermark(h10 + HOUR - 1);
    assertThat(records())
        .containsExactly(cumulative(h10 + HOUR, 1, 0, 0), rolling(h10 + HOUR, 1, 0, 0));

    harness.processWatermark(h10 + 2 * HOUR - 1);
    assertThat(recordsSince(2))
        .containsExactly(cumulative(h10 + 2 * HOUR, 1, 2, 1), rolling(h10 + 2 * HOUR, 1, 2, 1));
  }

  @Test
  void countsAndFiguresOfTheSourceExample() throws Exception {
    long h23 = D + 23 * HOUR;
    for (int i = 0; i < 1353; i++) {
      add(harness, BalanceLevel.CORRIDOR, "ILSTC-ROAD", h23 + i, true, false);
    }
    for (int i = 0; i < 107; i++) {
      add(harness, BalanceLevel.CORRIDOR, "ILSTC-ROAD", h23 + 2000 + i, false, i < 44);
    }

    harness.processWatermark(h23 + HOUR - 1);

    assertThat(records()).hasSize(2);
    assertThat(records())
        .extracting(TradeBalance::scope)
        .containsExactly(BalanceScope.CUMULATIVE, BalanceScope.ROLLING_30D);
    for (TradeBalance b : records()) {
      assertThat(b.key()).isEqualTo("CORRIDOR:ILSTC-ROAD");
      assertThat(b.asOfMillis()).isEqualTo(D + DAY);
      assertThat(b.outbound()).isEqualTo(1353);
      assertThat(b.inbound()).isEqualTo(107);
      assertThat(b.emptyInbound()).isEqualTo(44);
      assertThat(b.ratio().toPlainString()).isEqualTo("12.64");
      assertThat(b.inboundShare()).isEqualByComparingTo("0.0733");
      assertThat(b.emptyInboundShare()).isEqualByComparingTo("0.4112");
    }
  }

  @Test
  void keysAreIndependent() throws Exception {
    long h10 = D + 10 * HOUR;
    outbound(h10);
    add(harness, BalanceLevel.LINE, "ILSTC-ROAD-MIDDLE", h10 + HOUR, false, true);

    harness.processWatermark(h10 + 2 * HOUR - 1);

    assertThat(records())
        .containsExactly(
            cumulative(h10 + HOUR, 1, 0, 0),
            rolling(h10 + HOUR, 1, 0, 0),
            new TradeBalance(
                BalanceLevel.LINE,
                "ILSTC-ROAD-MIDDLE",
                BalanceScope.CUMULATIVE,
                h10 + 2 * HOUR,
                0,
                1,
                1),
            new TradeBalance(
                BalanceLevel.LINE,
                "ILSTC-ROAD-MIDDLE",
                BalanceScope.ROLLING_30D,
                h10 + 2 * HOUR,
                0,
                1,
                1));
  }

  @Test
  void aDepartureLeavesTheRollingScopeThirtyDaysAfterItsHour() throws Exception {
    long a = D + 10 * HOUR + 20 * MINUTE; // hour 10:00 of day 0
    long b = D + DAY + 12 * HOUR + 10 * MINUTE; // hour 12:00 of day 1
    long c = a + 31 * DAY; // the newest, 31 days after a
    long aLeaves = D + 11 * HOUR + 30 * DAY; // (a's hour + 1 h) + 30 d
    long bLeaves = D + DAY + 13 * HOUR + 30 * DAY;
    long cLeaves = aLeaves + 31 * DAY;

    outbound(a);
    emptyInbound(b);
    harness.processWatermark(b + HOUR);
    assertThat(records())
        .containsExactly(
            cumulative(D + 11 * HOUR, 1, 0, 0),
            rolling(D + 11 * HOUR, 1, 0, 0),
            cumulative(D + DAY + 13 * HOUR, 1, 1, 1),
            rolling(D + DAY + 13 * HOUR, 1, 1, 1));

    harness.processWatermark(aLeaves - 2);
    assertThat(records()).hasSize(4);
    harness.processWatermark(aLeaves - 1);
    // only the rolling scope changed: cumulative is neither changed nor written again
    assertThat(recordsSince(4)).containsExactly(rolling(aLeaves, 0, 1, 1));

    outbound(c);
    harness.processWatermark(bLeaves - 1);
    assertThat(recordsSince(5))
        .containsExactly(
            cumulative(D + 31 * DAY + 11 * HOUR, 2, 1, 1),
            rolling(D + 31 * DAY + 11 * HOUR, 1, 1, 1),
            rolling(bLeaves, 1, 0, 0));
    assertThat(harness.numEventTimeTimers()).isEqualTo(1); // c's expiry

    harness.processWatermark(cLeaves - 1);
    assertThat(recordsSince(8)).containsExactly(rolling(cLeaves, 0, 0, 0));

    // every rolling bucket expired: no timer, and only the cumulative counts, the last-emitted
    // counts and how far the key was read remain (rolling is cleared, the hour buckets are empty)
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numKeyedStateEntries()).isEqualTo(3);
    harness.processWatermark(cLeaves + 90 * DAY);
    assertThat(records()).hasSize(9);
  }

  @Test
  void anHourLeavingAsAnotherEntersWithTheSameCountsWritesOnlyTheCumulative() throws Exception {
    long a = D + 10 * HOUR + 20 * MINUTE;
    outbound(a);
    harness.processWatermark(a + HOUR);
    assertThat(records()).hasSize(2);
    // cumulative, rolling, the hour bucket, last-emitted and read-through
    assertThat(harness.numKeyedStateEntries()).isEqualTo(5);

    long sameHourThirtyDaysOn = a + 30 * DAY + 10 * MINUTE; // its hour ends when a's leaves
    outbound(sameHourThirtyDaysOn);
    harness.processWatermark(D + 11 * HOUR + 30 * DAY - 1);

    assertThat(recordsSince(2)).containsExactly(cumulative(D + 11 * HOUR + 30 * DAY, 2, 0, 0));
  }

  @Test
  void aRestoredSnapshotContinuesTheCounts() throws Exception {
    long h10 = D + 10 * HOUR;
    outbound(h10 + MINUTE);
    harness.processWatermark(h10 + HOUR - 1);
    inbound(h10 + HOUR + MINUTE); // in the snapshot, not yet written
    OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);

    try (KeyedOneInputStreamOperatorTestHarness<
            String, BalanceContribution<BorderCrossing>, TradeBalance>
        restored = newHarness()) {
      restored.initializeState(snapshot);
      restored.open();
      add(restored, BalanceLevel.PORT, PORT, h10 + HOUR + 2 * MINUTE, false, true);
      restored.processWatermark(h10 + 2 * HOUR - 1);

      assertThat(restored.extractOutputValues())
          .containsExactly(cumulative(h10 + 2 * HOUR, 1, 2, 1), rolling(h10 + 2 * HOUR, 1, 2, 1));
      assertThat(restored.numEventTimeTimers()).isEqualTo(2); // the two hours' expiries
    }
  }
}
