package org.corridorwatch.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A key's history: ordered by time, one record per time, nothing older than the horizon. */
class TimeSeriesTest {
  record R(long t, String v) {}

  private final TimeSeries<R> series = new TimeSeries<>(R::t, 100);

  @Test
  void keepsOnlyTheRecordsWithinTheHorizonOfTheNewest() {
    for (long t = 0; t <= 300; t += 10) {
      series.add(new R(t, "v" + t));
    }
    // newest 300: everything after 200 stays, 200 itself is a whole horizon old and goes
    assertThat(series.size()).isEqualTo(10);
    assertThat(series.between(Long.MIN_VALUE, Long.MAX_VALUE).get(0).t()).isEqualTo(210);
    assertThat(series.newestTime()).isEqualTo(300);
  }

  @Test
  void aRecordOfATimeAlreadyHeldReplacesIt() {
    series.add(new R(10, "a"));
    series.add(new R(20, "b"));
    series.add(new R(20, "c"));
    series.add(new R(10, "d"));

    assertThat(series.between(0, 100)).containsExactly(new R(10, "d"), new R(20, "c"));
  }

  @Test
  void anOlderRecordIsPlacedInOrder() {
    series.add(new R(10, "a"));
    series.add(new R(40, "d"));
    series.add(new R(20, "b"));
    series.add(new R(30, "c"));

    assertThat(series.between(0, 100)).extracting(R::v).containsExactly("a", "b", "c", "d");
  }

  @Test
  void betweenIsFromInclusiveToExclusiveAndNewestTakesTheTail() {
    for (long t = 10; t <= 50; t += 10) {
      series.add(new R(t, "v" + t));
    }

    assertThat(series.between(20, 40)).extracting(R::t).containsExactly(20L, 30L);
    assertThat(series.between(60, 90)).isEmpty();
    assertThat(series.newest(2)).extracting(R::t).containsExactly(40L, 50L);
    assertThat(series.newest(99)).hasSize(5);
  }

  @Test
  void anEmptySeriesHasNoNewestTime() {
    assertThat(series.newestTime()).isEqualTo(Long.MIN_VALUE);
    assertThat(series.newest(3)).isEmpty();
  }
}
