package org.corridorwatch.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** P2's equality check: only windows with trips count, and every difference among them shows. */
class WindowComparisonTest {
  private static final String PINGXIANG = "CN-PINGXIANG";
  private static final String MOHAN = "CN-MOHAN";

  private static long end(String time) {
    return Instant.parse("2019-07-02T" + time + "Z").toEpochMilli();
  }

  @Test
  void equalCountsAgreeWhateverTheOrder() {
    List<WindowCount> ours =
        List.of(
            new WindowCount(PINGXIANG, end("00:15:00"), 3),
            new WindowCount(MOHAN, end("00:15:00"), 1));
    List<WindowCount> flink = List.of(ours.get(1), ours.get(0));

    assertThat(WindowComparison.differences(ours, flink, 10)).isEmpty();
  }

  @Test
  void ourFinalZeroReadingIsNotADifference() {
    List<WindowCount> ours =
        List.of(
            new WindowCount(PINGXIANG, end("00:15:00"), 3),
            new WindowCount(PINGXIANG, end("00:30:00"), 0));

    assertThat(WindowComparison.differences(ours, List.of(ours.get(0)), 10)).isEmpty();
  }

  @Test
  void aDifferentCountIsADifference() {
    List<WindowCount> ours = List.of(new WindowCount(PINGXIANG, end("00:15:00"), 3));
    List<WindowCount> flink = List.of(new WindowCount(PINGXIANG, end("00:15:00"), 2));

    assertThat(WindowComparison.differences(ours, flink, 10))
        .containsExactly("CN-PINGXIANG at 2019-07-02T00:15:00Z: ours 3, flink 2");
  }

  @Test
  void aWindowOnlyOneSideEmitsIsADifference() {
    WindowCount shared = new WindowCount(PINGXIANG, end("00:15:00"), 3);
    List<WindowCount> ours = List.of(shared, new WindowCount(MOHAN, end("00:15:00"), 1));
    List<WindowCount> flink = List.of(shared, new WindowCount(PINGXIANG, end("00:30:00"), 3));

    assertThat(WindowComparison.differences(ours, flink, 10))
        .containsExactlyInAnyOrder(
            "CN-MOHAN at 2019-07-02T00:15:00Z: ours 1, flink none",
            "CN-PINGXIANG at 2019-07-02T00:30:00Z: ours none, flink 3");
  }

  @Test
  void aWindowEmittedTwiceIsADifference() {
    WindowCount reading = new WindowCount(PINGXIANG, end("00:15:00"), 3);

    assertThat(WindowComparison.differences(List.of(reading, reading), List.of(reading), 10))
        .containsExactly("CN-PINGXIANG at 2019-07-02T00:15:00Z: ours emitted it twice");
  }

  @Test
  void atMostTheLimitIsListed() {
    List<WindowCount> ours =
        List.of(
            new WindowCount(PINGXIANG, end("00:15:00"), 1),
            new WindowCount(PINGXIANG, end("00:30:00"), 1),
            new WindowCount(PINGXIANG, end("00:45:00"), 1));

    assertThat(WindowComparison.differences(ours, List.of(), 2)).hasSize(2);
  }
}
