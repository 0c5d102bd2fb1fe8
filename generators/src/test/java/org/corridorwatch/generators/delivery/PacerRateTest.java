package org.corridorwatch.generators.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fixed-rate pacer on a clock the test moves: spacing, catching up, and its limit. */
class PacerRateTest {
  private static final long MS = 1_000_000L;

  /** A clock that only moves when the pacer waits, or when the test stalls it. */
  private static final class TestClock {
    long now = 1_000 * MS;
    final List<Long> sentAt = new ArrayList<>();

    void waitUntil(long deadline) {
      now = Math.max(now, deadline);
      sentAt.add(now);
    }
  }

  @Test
  void recordsGoEvenlySpacedAtTheRateAsked() {
    TestClock clock = new TestClock();
    Pacer pacer = new Pacer.Rate(1_000, () -> clock.now, clock::waitUntil);
    for (int i = 0; i < 5; i++) {
      pacer.await(0);
    }
    assertThat(clock.sentAt)
        .containsExactly(1_000 * MS, 1_001 * MS, 1_002 * MS, 1_003 * MS, 1_004 * MS);
  }

  @Test
  void afterAStallTheRecordsThatFellBehindGoAtOnceSoTheAverageHolds() {
    TestClock clock = new TestClock();
    Pacer pacer = new Pacer.Rate(1_000, () -> clock.now, clock::waitUntil);
    pacer.await(0); // at 1000 ms
    clock.now += 10 * MS; // a 10 ms stall, e.g. a slow send
    for (int i = 0; i < 12; i++) {
      pacer.await(0);
    }
    // records due at 1001..1010 go at once at 1010; then the schedule resumes at 1 ms spacing
    assertThat(clock.sentAt.subList(1, 11)).allMatch(t -> t == 1_010 * MS);
    assertThat(clock.sentAt.subList(11, 13)).containsExactly(1_011 * MS, 1_012 * MS);
    assertThat(clock.sentAt).hasSize(13);
  }

  @Test
  void aStallLongerThanTheCatchUpLimitIsNotMadeUpInOneBurst() {
    TestClock clock = new TestClock();
    Pacer pacer = new Pacer.Rate(1_000, () -> clock.now, clock::waitUntil);
    pacer.await(0);
    clock.now += 5_000 * MS; // five seconds lost
    for (int i = 0; i < 1_500; i++) {
      pacer.await(0);
    }
    long stalledAt = 6_000 * MS;
    long burst = clock.sentAt.stream().filter(t -> t == stalledAt).count();
    // one second's worth (1,000 records) at most goes at once, not 5,000
    assertThat(burst).isBetween(1_000L, 1_001L);
    assertThat(clock.sentAt.get(clock.sentAt.size() - 1)).isGreaterThan(stalledAt);
  }

  @Test
  void aRateThatIsNotPositiveIsRefused() {
    assertThatThrownBy(() -> Pacer.rate(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Pacer.rate(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }
}
