package org.corridorwatch.generators;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.corridorwatch.generators.delivery.Delivery;
import org.corridorwatch.generators.delivery.InjectionSettings;
import org.corridorwatch.generators.delivery.Pacer;
import org.corridorwatch.model.EventTimeFrontier;
import org.corridorwatch.model.Topics;
import org.junit.jupiter.api.Test;

/** {@code --close}: records far ahead that the job's jump guard follows, so answers get written. */
class ReplayCloseTest {
  private static final long DAY = 24 * 60 * 60_000L;

  @Test
  void theClosingRecordsConfirmTheirJumpSoEachTopicsWatermarkFollowsThem() {
    CollectingSink sink = new CollectingSink();
    Replay replay =
        Replay.of(
            CollectingSink.plan("pingxiang-overload", 1, 7, InjectionSettings.none()),
            CollectingSink.CATALOGUE,
            sink,
            Pacer.unlimited(),
            null);
    replay.run();
    int before = sink.deliveries.size();
    long newest = sink.deliveries.stream().mapToLong(Delivery::eventTime).max().orElseThrow();

    assertThat(replay.close(31 * DAY)).isEqualTo(4);

    List<Delivery> closing = sink.deliveries.subList(before, sink.deliveries.size());
    for (String topic : List.of(Topics.BORDER_CROSSINGS, Topics.SHIPMENTS)) {
      // each topic's own watermark: the frontier the job keeps per partition, fed in order
      EventTimeFrontier frontier = new EventTimeFrontier(EventTimeFrontier.DEFAULT_MAX_JUMP_MILLIS);
      sink.deliveries.stream()
          .filter(d -> d.topic().equals(topic) && d.record() != null)
          .forEach(d -> frontier.observe(d.eventTime()));
      List<Delivery> mine = closing.stream().filter(d -> d.topic().equals(topic)).toList();
      assertThat(mine).hasSize(2);
      assertThat(mine.get(0).eventTime()).isGreaterThanOrEqualTo(newest + 31 * DAY);
      assertThat(frontier.jumpPending()).as(topic + ": the far time is confirmed").isFalse();
      assertThat(frontier.frontier()).as(topic).isEqualTo(mine.get(1).eventTime());
    }
  }
}
