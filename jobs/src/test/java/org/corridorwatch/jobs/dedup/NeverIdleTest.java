package org.corridorwatch.jobs.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.corridorwatch.jobs.ingest.Ingested;
import org.junit.jupiter.api.Test;

/**
 * Dedup is the last operator that may see an idle input: it holds its watermark through an idle
 * spell and passes no idle status on, so no channel behind it can resume ahead of another.
 */
class NeverIdleTest {
  private static final long HORIZON = 24 * 3_600_000L;

  private static List<Object> afterAnIdleSpell(OneInputStreamOperator<Ingested, Ingested> operator)
      throws Exception {
    try (var harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            operator, Deduplicate.bucketOfEventId(), Types.INT)) {
      harness.open();
      harness.processWatermark(1_000);
      harness.processWatermarkStatus(WatermarkStatus.IDLE);
      harness.processWatermarkStatus(WatermarkStatus.ACTIVE);
      harness.processWatermark(2_000);
      return List.copyOf(harness.getOutput());
    }
  }

  @Test
  void dedupPassesItsWatermarksButNoIdleStatus() throws Exception {
    assertThat(afterAnIdleSpell(new NeverIdle<>(new Deduplicate(HORIZON))))
        .containsExactly(new Watermark(1_000), new Watermark(2_000));
  }

  @Test
  void thePlainOperatorWouldHavePassedTheIdleSpellOn() throws Exception {
    assertThat(afterAnIdleSpell(new KeyedProcessOperator<>(new Deduplicate(HORIZON))))
        .contains(WatermarkStatus.IDLE, WatermarkStatus.ACTIVE);
  }
}
