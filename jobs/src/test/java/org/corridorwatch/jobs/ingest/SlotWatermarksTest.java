package org.corridorwatch.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.EventTimeRules;
import org.junit.jupiter.api.Test;

/**
 * The ingest watermark: newest event time minus 5 min minus 1 ms, emitted only when it reaches a
 * slot boundary minus 1 ms (and once, at once, when the first events span a slot), never following
 * a lone record more than a day ahead.
 */
class SlotWatermarksTest {
  private static final long MINUTE = 60_000L;
  private static final long OUT_OF_ORDERNESS = 5 * MINUTE;
  private static final long T0 = Instant.parse("2026-11-22T08:00:00Z").toEpochMilli();

  // T0 is in 2026 here: a record stamped years after the stream
  private static final long YEARS_AHEAD = Instant.parse("2031-06-01T08:07:00Z").toEpochMilli();

  private final SlotWatermarks<BorderCrossing> generator =
      new SlotWatermarks<>(Duration.ofMinutes(5), Duration.ofDays(1));
  private final Recording output = new Recording();

  /** A {@link WatermarkOutput} that keeps what it was given. */
  private static final class Recording implements WatermarkOutput {
    final List<Long> watermarks = new ArrayList<>();
    int idle;
    int active;

    @Override
    public void emitWatermark(Watermark watermark) {
      watermarks.add(watermark.getTimestamp());
    }

    @Override
    public void markIdle() {
      idle++;
    }

    @Override
    public void markActive() {
      active++;
    }
  }

  private void event(long eventTime) {
    generator.onEvent(null, eventTime, output);
  }

  private static long watermarkOf(long newest) {
    return newest - OUT_OF_ORDERNESS - 1;
  }

  /**
   * A stream already under way: events spanning a slot up to 07:50 (watermark 07:44:59.999), and
   * the output cleared, so each test starts where the next emission is decided by its own events.
   */
  private void underWayUntil0750() {
    event(T0 - 25 * MINUTE);
    event(T0 - 10 * MINUTE);
    assertThat(output.watermarks).containsExactly(watermarkOf(T0 - 10 * MINUTE));
    output.watermarks.clear();
  }

  @Test
  void theFirstEventsEmitOnceTheySpanASlotEvenBetweenBoundaries() {
    event(T0 + 10 * MINUTE);
    event(T0 + 20 * MINUTE);
    event(T0 + 25 * MINUTE - 1); // 14:59.999 after the first: not yet a slot
    assertThat(output.watermarks).isEmpty();

    event(T0 + 25 * MINUTE);
    assertThat(output.watermarks).containsExactly(watermarkOf(T0 + 25 * MINUTE));
  }

  @Test
  void theFirstEventOfAStreamIsNotFollowedAloneEvenWhenItIsFarAhead() {
    event(YEARS_AHEAD); // a restart right before a record with a bad clock
    event(T0 + 10 * MINUTE); // the stream itself: replaces the lone candidate
    event(T0 + 25 * MINUTE);

    assertThat(output.watermarks).containsExactly(watermarkOf(T0 + 25 * MINUTE));
  }

  @Test
  void aLoneRecordYearsAheadDoesNotMoveTheWatermark() {
    underWayUntil0750();
    event(T0 + 10 * MINUTE);
    event(YEARS_AHEAD);
    event(YEARS_AHEAD); // a copy of it from the same frozen clock
    event(T0 + 12 * MINUTE);
    event(T0 + 20 * MINUTE);
    generator.onPeriodicEmit(output);

    assertThat(output.watermarks)
        .containsExactly(T0 + 5 * MINUTE - 1, T0 + 15 * MINUTE - 1, T0 + 15 * MINUTE - 1);
  }

  @Test
  void aJumpIsFollowedOnceRecordsSpanningASlotConfirmIt() {
    underWayUntil0750();
    event(YEARS_AHEAD);
    event(YEARS_AHEAD + 10 * MINUTE);
    event(T0); // the old range still moves the watermark meanwhile
    event(YEARS_AHEAD + 15 * MINUTE - 1);
    assertThat(output.watermarks).isEmpty(); // 07:55 - 1 ms is below 08:00 - 1 ms

    event(YEARS_AHEAD + 15 * MINUTE);
    assertThat(output.watermarks).containsExactly(watermarkOf(YEARS_AHEAD + 15 * MINUTE));
  }

  @Test
  void inOrderEventsEmitOnlyWhenTheWatermarkReachesASlotBoundaryMinusOne() {
    underWayUntil0750();
    event(T0 + 10 * MINUTE); // first: 08:04:59.999
    event(T0 + 12 * MINUTE); // 08:06:59.999: no boundary
    event(T0 + 20 * MINUTE - 1); // 08:14:59.998: one ms short of 08:15 - 1 ms
    assertThat(output.watermarks).containsExactly(T0 + 5 * MINUTE - 1);

    event(T0 + 20 * MINUTE); // 08:14:59.999 = 08:15 - 1 ms: the slot [08:00, 08:15) is out
    assertThat(output.watermarks).containsExactly(T0 + 5 * MINUTE - 1, T0 + 15 * MINUTE - 1);

    event(T0 + 20 * MINUTE + 1); // 08:15:00.000, the next threshold is 08:30 - 1 ms
    event(T0 + 34 * MINUTE); // 08:28:59.999
    event(T0 + 35 * MINUTE - 1); // 08:29:59.998
    assertThat(output.watermarks).hasSize(2);

    event(T0 + 50 * MINUTE); // 08:44:59.999: jumps one boundary, emits the exact candidate
    assertThat(output.watermarks)
        .containsExactly(T0 + 5 * MINUTE - 1, T0 + 15 * MINUTE - 1, T0 + 45 * MINUTE - 1);

    event(T0 + 51 * MINUTE); // 08:45:59.999: past 08:45 - 1 ms but that threshold was reached
    event(T0 + 96 * MINUTE); // 09:30:59.999: crosses 09:00, 09:15, 09:30 at once: one watermark
    assertThat(output.watermarks)
        .containsExactly(
            T0 + 5 * MINUTE - 1,
            T0 + 15 * MINUTE - 1,
            T0 + 45 * MINUTE - 1,
            watermarkOf(T0 + 96 * MINUTE));

    // every emitted watermark is a candidate of the newest event, and each (after the first)
    // is the first to reach a slot boundary minus one that the previous one had not
    for (int i = 1; i < output.watermarks.size(); i++) {
      long previous = output.watermarks.get(i - 1);
      long current = output.watermarks.get(i);
      assertThat(EventTimeRules.slotEmitted(EventTimeRules.slotEnd(previous + 1), current))
          .isTrue();
    }
  }

  @Test
  void aWatermarkAtABoundaryMinusOneMeansTheSlotIsEmittedAndItsRecordsLate() {
    underWayUntil0750();
    event(T0 + 20 * MINUTE - 1);
    event(T0 + 20 * MINUTE);
    long last = output.watermarks.get(output.watermarks.size() - 1);

    assertThat(last).isEqualTo(T0 + 15 * MINUTE - 1);
    assertThat(EventTimeRules.isLate(T0 + 15 * MINUTE - 1, last)).isTrue();
    assertThat(EventTimeRules.isLate(T0 + 15 * MINUTE, last)).isFalse();
  }

  @Test
  void rejectedRecordsNeverMoveTheWatermark() {
    event(Long.MIN_VALUE);
    generator.onPeriodicEmit(output);
    assertThat(output.watermarks).isEmpty();

    underWayUntil0750();
    event(T0 + 10 * MINUTE);
    event(Long.MIN_VALUE);
    event(Long.MIN_VALUE);
    event(T0 + 20 * MINUTE);
    event(Long.MIN_VALUE);

    assertThat(output.watermarks).containsExactly(T0 + 5 * MINUTE - 1, T0 + 15 * MINUTE - 1);
  }

  @Test
  void olderEventsNeverMoveTheWatermarkBack() {
    underWayUntil0750();
    event(T0 + 50 * MINUTE); // 08:44:59.999
    event(T0 + 2 * MINUTE);
    event(T0 + 50 * MINUTE); // the same newest time again
    event(T0 + 49 * MINUTE);
    generator.onPeriodicEmit(output);

    assertThat(output.watermarks).containsExactly(T0 + 45 * MINUTE - 1, T0 + 45 * MINUTE - 1);

    // and an older event does not lower the newest time: the next threshold (09:00 - 1 ms) still
    // needs an event at 09:05
    event(T0 + 30 * MINUTE);
    event(T0 + 65 * MINUTE - 1);
    assertThat(output.watermarks).hasSize(2);
    event(T0 + 65 * MINUTE);
    assertThat(output.watermarks).last().isEqualTo(T0 + 60 * MINUTE - 1);
  }

  @Test
  void periodicEmitRepeatsTheLastWatermarkAndNothingBeforeTheFirstEvent() {
    generator.onPeriodicEmit(output);
    generator.onPeriodicEmit(output);
    assertThat(output.watermarks).isEmpty();

    underWayUntil0750();
    event(T0 + 10 * MINUTE);
    event(T0 + 12 * MINUTE); // not emitted: below the next threshold
    generator.onPeriodicEmit(output);
    assertThat(output.watermarks).containsExactly(T0 + 5 * MINUTE - 1, T0 + 5 * MINUTE - 1);

    event(T0 + 20 * MINUTE);
    generator.onPeriodicEmit(output);
    assertThat(output.watermarks)
        .containsExactly(
            T0 + 5 * MINUTE - 1, T0 + 5 * MINUTE - 1, T0 + 15 * MINUTE - 1, T0 + 15 * MINUTE - 1);
    assertThat(output.idle).isZero();
    assertThat(output.active).isZero();
  }
}
