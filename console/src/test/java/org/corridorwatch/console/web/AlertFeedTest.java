package org.corridorwatch.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a reconnecting alert subscriber can resume, and where it has to start afresh. */
class AlertFeedTest {
  private static ConsoleState.AlertView transition(int n) {
    return new ConsoleState.AlertView(
        "SUSTAINED_OVERLOAD:CN-PINGXIANG:" + n,
        "SUSTAINED_OVERLOAD",
        "CN-PINGXIANG",
        "CRITICAL",
        "RAISED",
        n,
        n,
        "test " + n,
        "{}",
        true);
  }

  private static AlertFeed feedOf(int transitions, int kept) {
    AlertFeed feed = new AlertFeed("run1", kept);
    for (int n = 1; n <= transitions; n++) {
      feed.append(transition(n), "{}");
    }
    return feed;
  }

  @Test
  void aPlaceStillHeldResumesJustAfterIt() {
    AlertFeed feed = feedOf(10, 5);
    assertThat(feed.resumeAfter("run1:10")).as("caught up").isEqualTo(11);
    assertThat(feed.resumeAfter("run1:7")).isEqualTo(8);
    assertThat(feed.resumeAfter("run1:5")).as("just before the oldest kept, 6").isEqualTo(6);
  }

  @Test
  void aPlaceThisFeedNeverHeldOrNoLongerHoldsCannotBeResumed() {
    AlertFeed feed = feedOf(10, 5);
    assertThat(feed.resumeAfter(null)).as("a first connection").isEqualTo(-1);
    assertThat(feed.resumeAfter("run1:4")).as("6 is the oldest kept, 5 is gone").isEqualTo(-1);
    assertThat(feed.resumeAfter("run0:9")).as("another run of the console").isEqualTo(-1);
    assertThat(feed.resumeAfter("run1:11")).as("a place this run has not reached").isEqualTo(-1);
    assertThat(feed.resumeAfter("run1:x")).isEqualTo(-1);
    assertThat(feed.resumeAfter("9")).isEqualTo(-1);
  }

  @Test
  void aCursorBehindTheOldestKeptHasLostItsPlaceAndOneStillHeldGetsTheRestInOrder()
      throws InterruptedException {
    AlertFeed feed = feedOf(12, 5);
    List<AlertFeed.Entry> batch = new ArrayList<>();

    assertThat(feed.takeBatch(7, 0, batch)).as("8 to 12 are kept, 7 is gone").isTrue();
    assertThat(batch).isEmpty();

    assertThat(feed.takeBatch(9, 0, batch)).isFalse();
    assertThat(batch).extracting(AlertFeed.Entry::sequence).containsExactly(9L, 10L, 11L, 12L);
    assertThat(batch)
        .extracting(e -> e.alert().alertId())
        .containsExactly(
            "SUSTAINED_OVERLOAD:CN-PINGXIANG:9",
            "SUSTAINED_OVERLOAD:CN-PINGXIANG:10",
            "SUSTAINED_OVERLOAD:CN-PINGXIANG:11",
            "SUSTAINED_OVERLOAD:CN-PINGXIANG:12");
  }

  @Test
  void theOpenListOfAnEmptyFeedIsAPlaceToResumeFrom() {
    AlertFeed feed = feedOf(0, 5);
    assertThat(feed.resumeAfter(feed.id(0))).isEqualTo(1);
    feed.append(transition(1), "{}");
    assertThat(feed.resumeAfter(feed.id(0))).as("then sent transition 1").isEqualTo(1);
  }
}
