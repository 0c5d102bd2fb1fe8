package org.corridorwatch.jobs.waits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** What the customs visits see: every record, and the watermark at whole slots only. */
class WholeSlotWatermarkTest {

  private static long at(String time) {
    return Instant.parse("2019-07-01T" + time + "Z").toEpochMilli();
  }

  @Test
  void aMidSlotWatermarkIsHeldAtTheLastSlotEndAndRecordsPassUnchanged() throws Exception {
    try (var harness = new OneInputStreamOperatorTestHarness<>(new WholeSlotWatermark<String>())) {
      harness.open();
      harness.processWatermark(new Watermark(at("08:15:59.999"))); // newest 08:21, 5 min allowed
      harness.processElement(new StreamRecord<>("arrived 08:15:30", at("08:15:30")));
      harness.processWatermark(new Watermark(at("08:29:00"))); // still inside the same slot
      harness.processWatermark(new Watermark(at("08:30:00") - 1)); // the slot is final
      harness.processWatermark(new Watermark(at("08:44:00")));

      assertThat(List.copyOf(harness.getOutput()))
          .containsExactly(
              new Watermark(at("08:15:00") - 1),
              new StreamRecord<>("arrived 08:15:30", at("08:15:30")),
              new Watermark(at("08:30:00") - 1));
    }
  }

  @Test
  void theEndOfEventTimePassesAsItIs() throws Exception {
    try (var harness = new OneInputStreamOperatorTestHarness<>(new WholeSlotWatermark<String>())) {
      harness.open();
      harness.processWatermark(new Watermark(at("08:20:00")));
      harness.processWatermark(Watermark.MAX_WATERMARK);

      assertThat(List.copyOf(harness.getOutput()))
          .containsExactly(new Watermark(at("08:15:00") - 1), Watermark.MAX_WATERMARK);
    }
  }

  @Test
  void aWatermarkAtASlotEndMinusOneIsAlreadyWhole() {
    assertThat(WholeSlotWatermark.heldAt(at("09:00:00") - 1)).isEqualTo(at("09:00:00") - 1);
    assertThat(WholeSlotWatermark.heldAt(at("09:00:00"))).isEqualTo(at("09:00:00") - 1);
    assertThat(WholeSlotWatermark.heldAt(at("09:14:59.998"))).isEqualTo(at("09:00:00") - 1);
  }
}
