package org.corridorwatch.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * What the stream behind dedup sees: records and watermarks as they came, no idleness ever, and the
 * end of event time when the input ends.
 */
class HoldWatermarkWhileIdleTest {

  @Test
  void recordsAndWatermarksPassButIdlenessDoesNot() throws Exception {
    try (OneInputStreamOperatorTestHarness<String, String> harness = harness()) {
      harness.processElement(new StreamRecord<>("a", 10));
      harness.processWatermark(new Watermark(100));
      harness.processWatermarkStatus(WatermarkStatus.IDLE);
      harness.processWatermarkStatus(WatermarkStatus.ACTIVE);
      harness.processElement(new StreamRecord<>("b", 150));
      harness.processWatermark(new Watermark(200));

      assertThat(List.copyOf(harness.getOutput()))
          .containsExactly(
              new StreamRecord<>("a", 10),
              new Watermark(100),
              new StreamRecord<>("b", 150),
              new Watermark(200));
    }
  }

  @Test
  void theEndOfItsInputPassesTheEndOfEventTimeEvenWhenTheInputWasIdle() throws Exception {
    try (OneInputStreamOperatorTestHarness<String, String> harness = harness()) {
      harness.processWatermark(new Watermark(100));
      harness.processWatermarkStatus(WatermarkStatus.IDLE);
      harness.endInput();

      assertThat(List.copyOf(harness.getOutput()))
          .containsExactly(new Watermark(100), Watermark.MAX_WATERMARK);
    }
  }

  private static OneInputStreamOperatorTestHarness<String, String> harness() throws Exception {
    OneInputStreamOperatorTestHarness<String, String> harness =
        new OneInputStreamOperatorTestHarness<>(new HoldWatermarkWhileIdle<>());
    harness.open();
    return harness;
  }
}
