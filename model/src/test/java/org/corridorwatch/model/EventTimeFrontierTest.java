package org.corridorwatch.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The rule both the job's watermark and the known answers follow: a record more than the maximum
 * jump ahead moves event time only once records spanning a 15-minute slot confirm its range.
 */
class EventTimeFrontierTest {
  private static final long MINUTE = 60_000L;
  private static final long DAY = EventTimeRules.DAY_MILLIS;
  private static final long T0 = Instant.parse("2019-07-01T08:00:00Z").toEpochMilli();
  private static final long YEARS_AHEAD = Instant.parse("2025-06-01T08:00:00Z").toEpochMilli();

  private final EventTimeFrontier frontier = new EventTimeFrontier(DAY);

  /** A stream under way at T0. */
  private void underWayAtT0() {
    frontier.observe(T0 - 15 * MINUTE);
    assertThat(frontier.observe(T0)).isEqualTo(T0);
  }

  @Test
  void thereIsNoFrontierUntilTheFirstRecordsSpanASlot() {
    assertThat(frontier.observe(T0)).isEqualTo(Long.MIN_VALUE);
    assertThat(frontier.observe(T0 + 14 * MINUTE)).isEqualTo(Long.MIN_VALUE);
    assertThat(frontier.observe(T0 + 3 * MINUTE)).isEqualTo(Long.MIN_VALUE);
    assertThat(frontier.jumpPending()).isTrue();

    assertThat(frontier.observe(T0 + 15 * MINUTE)).isEqualTo(T0 + 15 * MINUTE);
    assertThat(frontier.jumpPending()).isFalse();
  }

  @Test
  void recordsWithinTheJumpMoveItAtOnceAndOlderOnesNever() {
    underWayAtT0();
    assertThat(frontier.observe(T0 + DAY)).isEqualTo(T0 + DAY); // exactly one day: within reach
    assertThat(frontier.observe(T0 + 5 * MINUTE)).isEqualTo(T0 + DAY);
    assertThat(frontier.jumpPending()).isFalse();
  }

  @Test
  void aLoneRecordBeyondTheJumpIsHeldBackForever() {
    underWayAtT0();
    assertThat(frontier.observe(T0 + DAY + 1)).isEqualTo(T0);
    for (int i = 1; i <= 100; i++) {
      frontier.observe(T0 + i * MINUTE);
    }
    assertThat(frontier.frontier()).isEqualTo(T0 + 100 * MINUTE);
    assertThat(frontier.jumpPending()).isTrue();
  }

  @Test
  void aFrozenClockRepeatingOneTimeNeverConfirmsItsRange() {
    underWayAtT0();
    for (int i = 0; i < 1_000; i++) {
      assertThat(frontier.observe(YEARS_AHEAD)).isEqualTo(T0);
    }
  }

  @Test
  void aJumpIsConfirmedByRecordsInItsRangeSpanningOneSlot() {
    underWayAtT0();
    frontier.observe(YEARS_AHEAD + 10 * MINUTE);
    frontier.observe(T0 + MINUTE); // the old range goes on meanwhile
    frontier.observe(YEARS_AHEAD); // out of order within the new range: the span counts
    assertThat(frontier.observe(YEARS_AHEAD + 14 * MINUTE)).isEqualTo(T0 + MINUTE);

    assertThat(frontier.observe(YEARS_AHEAD + 15 * MINUTE)).isEqualTo(YEARS_AHEAD + 15 * MINUTE);
    assertThat(frontier.observe(T0 + 2 * MINUTE)).isEqualTo(YEARS_AHEAD + 15 * MINUTE);
  }

  @Test
  void aRecordInAThirdRangeStartsTheConfirmationOver() {
    underWayAtT0();
    frontier.observe(YEARS_AHEAD);
    frontier.observe(YEARS_AHEAD + 2 * DAY); // another bad clock: the candidate is now its range
    assertThat(frontier.observe(YEARS_AHEAD + 15 * MINUTE))
        .as("the first candidate's range lost its first record")
        .isEqualTo(T0);
    assertThat(frontier.observe(YEARS_AHEAD + 30 * MINUTE)).isEqualTo(YEARS_AHEAD + 30 * MINUTE);
  }

  @Test
  void aRangeIsTheCandidatesFirstRecordPlusOrMinusTheJump() {
    underWayAtT0();
    frontier.observe(YEARS_AHEAD);
    frontier.observe(YEARS_AHEAD - DAY); // within a day of the first: same range, spans it
    assertThat(frontier.frontier()).isEqualTo(YEARS_AHEAD);
  }

  @Test
  void theJumpMustBeAtLeastOneSlot() {
    assertThatThrownBy(() -> new EventTimeFrontier(EventTimeRules.SLOT_MILLIS - 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
