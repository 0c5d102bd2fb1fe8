package org.corridorwatch.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The terminal summary reprints on a change or once a repeat interval has passed, never else. */
class SummaryReprintTest {
  private static final long MINUTE = 60_000L;

  @Test
  void printsTheFirstLinesThenOnlyWhenALineChanges() {
    SummaryReprint reprint = new SummaryReprint(MINUTE);
    List<String> quiet = List.of("event time 2019-07-01T08:15:00Z", "  port CN-PINGXIANG 1,350");

    assertThat(reprint.due(quiet, 0)).isTrue();
    assertThat(reprint.due(quiet, 5_000)).isFalse();
    assertThat(
            reprint.due(
                List.of("event time 2019-07-01T08:30:00Z", "  port CN-PINGXIANG 1,350"), 10_000))
        .isTrue();
    assertThat(
            reprint.due(
                List.of("event time 2019-07-01T08:30:00Z", "  port CN-PINGXIANG 1,350"), 15_000))
        .isFalse();
  }

  @Test
  void printsUnchangedLinesAgainOnceTheRepeatIntervalHasPassedSinceTheLastPrint() {
    SummaryReprint reprint = new SummaryReprint(MINUTE);
    List<String> quiet = List.of("no readings yet");

    assertThat(reprint.due(quiet, 0)).isTrue();
    assertThat(reprint.due(quiet, MINUTE - 1)).isFalse();
    assertThat(reprint.due(quiet, MINUTE)).isTrue();
    assertThat(reprint.due(quiet, MINUTE + 5_000)).isFalse();
    assertThat(reprint.due(quiet, 2 * MINUTE)).isTrue();
  }

  @Test
  void refusesARepeatIntervalThatIsNotPositive() {
    assertThatThrownBy(() -> new SummaryReprint(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
