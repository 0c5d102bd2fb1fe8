package org.corridorwatch.model.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The job's crossings watermark, rebuilt with the job's own rule: it starts once crossings span a
 * 15-minute slot (the jump guard confirms the time range), then moves only on a new newest event
 * time, and only when it reaches the next slot boundary − 1 ms, so the trigger of an output is the
 * first crossing that pushes the newest event time to decision time + out-of-orderness + 1 ms.
 */
class CrossingWatermarksTest {
  private static final Duration OUT_OF_ORDERNESS = Duration.ofMinutes(5);

  private static long at(String time) {
    return Instant.parse("2019-07-01T" + time + "Z").toEpochMilli();
  }

  /** A reading with window end 08:00 is decided at 07:59:59.999. */
  private static final long READING_0800 = at("08:00:00") - 1;

  @Test
  void theWatermarkStartsOnceCrossingsSpanASlotThenMovesOnlyAtSlotBoundaries() {
    CrossingWatermarks w = new CrossingWatermarks(OUT_OF_ORDERNESS);
    w.onCrossing(0, 999, at("07:35:00")); // alone, its time range is not confirmed yet
    assertThat(w.watermark()).isEqualTo(Long.MIN_VALUE);
    w.onCrossing(1, 1_000, at("07:50:00")); // 15 minutes of crossings confirm it
    assertThat(w.watermark()).isEqualTo(at("07:45:00") - 1);
    w.onCrossing(2, 1_001, at("07:58:00")); // 07:52:59.999 does not reach 07:59:59.999
    assertThat(w.watermark()).isEqualTo(at("07:45:00") - 1);
    assertThat(w.steps()).isEqualTo(1);
  }

  @Test
  void theTriggerIsTheCrossingThatPushesTheNewestEventPastDecisionPlusOutOfOrderness() {
    CrossingWatermarks w = new CrossingWatermarks(OUT_OF_ORDERNESS);
    w.onCrossing(0, 1_000, at("07:50:00"));
    w.onCrossing(1, 1_100, at("08:04:59.999")); // watermark would be 07:59:59.998: one short
    w.onCrossing(2, 1_200, at("08:05:00")); // 07:59:59.999: the reading of 08:00 is due
    w.onCrossing(3, 1_300, at("08:06:00"));

    assertThat(w.triggerOf(READING_0800))
        .hasValueSatisfying(
            t -> {
              assertThat(t.offset()).isEqualTo(2);
              assertThat(t.producedAtMillis()).isEqualTo(1_200);
              assertThat(t.watermark()).isEqualTo(READING_0800);
            });
  }

  @Test
  void rejectedAndOutOfOrderCrossingsDoNotMoveTheWatermark() {
    CrossingWatermarks w = new CrossingWatermarks(OUT_OF_ORDERNESS);
    w.onCrossing(0, 900, at("07:35:00"));
    w.onCrossing(1, 1_000, at("07:50:00"));
    w.onCrossing(2, 1_100, Long.MIN_VALUE); // rejected: no event time
    w.onCrossing(3, 1_200, at("07:40:00")); // older than the newest
    w.onCrossing(4, 1_300, at("08:05:00"));

    assertThat(w.triggerOf(READING_0800))
        .hasValueSatisfying(t -> assertThat(t.offset()).isEqualTo(4));
    assertThat(w.steps()).isEqualTo(2);
  }

  @Test
  void oneJumpDecidesEverySlotItPassesWithTheSameTrigger() {
    CrossingWatermarks w = new CrossingWatermarks(OUT_OF_ORDERNESS);
    w.onCrossing(0, 1_000, at("08:05:00"));
    w.onCrossing(1, 2_000, at("09:00:00")); // watermark 08:54:59.999

    for (String windowEnd : new String[] {"08:15:00", "08:30:00", "08:45:00"}) {
      assertThat(w.triggerOf(at(windowEnd) - 1))
          .hasValueSatisfying(t -> assertThat(t.producedAtMillis()).isEqualTo(2_000));
    }
    assertThat(w.triggerOf(at("09:00:00") - 1)).isEmpty();
  }

  @Test
  void aDecisionTimeBeforeTheFirstWatermarkIsTriggeredByTheCrossingThatStartsIt() {
    CrossingWatermarks w = new CrossingWatermarks(OUT_OF_ORDERNESS);
    w.onCrossing(7, 1_000, at("07:50:00"));
    assertThat(w.triggerOf(at("06:00:00"))).as("no watermark from one crossing").isEmpty();
    w.onCrossing(8, 1_100, at("08:05:00"));
    assertThat(w.triggerOf(at("06:00:00")))
        .hasValueSatisfying(t -> assertThat(t.offset()).isEqualTo(8));
  }

  @Test
  void oneCrossingStampedFarAheadMovesNothingUntilOthersConfirmItsTime() {
    CrossingWatermarks w = new CrossingWatermarks(OUT_OF_ORDERNESS, Duration.ofDays(1));
    w.onCrossing(0, 1_000, at("07:35:00"));
    w.onCrossing(1, 1_100, at("07:50:00"));
    long before = w.watermark();
    w.onCrossing(2, 1_200, at("07:50:00") + Duration.ofDays(400).toMillis()); // a wrong clock
    assertThat(w.watermark()).isEqualTo(before);
    w.onCrossing(3, 1_300, at("08:05:00"));
    assertThat(w.watermark()).isEqualTo(at("08:00:00") - 1);
  }

  @Test
  void theOutOfOrdernessIsTheJobsNotAFixedFiveMinutes() {
    CrossingWatermarks w = new CrossingWatermarks(Duration.ofMinutes(1));
    w.onCrossing(0, 900, at("07:35:00"));
    w.onCrossing(1, 1_000, at("07:50:00"));
    w.onCrossing(2, 1_100, at("08:01:00"));
    assertThat(w.triggerOf(READING_0800))
        .hasValueSatisfying(t -> assertThat(t.offset()).isEqualTo(2));
  }
}
