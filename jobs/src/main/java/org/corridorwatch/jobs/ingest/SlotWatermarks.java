package org.corridorwatch.jobs.ingest;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.corridorwatch.model.EventTimeFrontier;
import org.corridorwatch.model.InputRecord;
import org.corridorwatch.model.SlotWatermarkRule;

/**
 * Bounded out-of-orderness watermarks, emitted the moment they cross a 15-minute slot boundary.
 *
 * <p>Why not Flink's periodic bounded-out-of-orderness generator: it emits every 200 ms of
 * processing time, so during a fast replay thousands of records pass between two watermarks and
 * whether a record counts as LATE depends on machine speed. Every decision this job makes on the
 * watermark (a slot emitted, a record late, an hour of balance, a dedup bucket expired) falls on a
 * slot boundary, so emitting exactly when the watermark crosses one gives the same decisions as
 * emitting after every record, reproducibly, at one watermark per slot per partition.
 *
 * <p>The rule is {@link SlotWatermarkRule}: the newest event time seen minus the out-of-orderness,
 * minus 1 ms, where "newest" is the {@link EventTimeFrontier}, so a record stamped more than {@code
 * --max-watermark-jump} ahead does not move it until records spanning a slot confirm the new time
 * range, and one record with a wrong clock cannot make every later record {@code LATE}. Rejected
 * records carry no event time and do not move it.
 */
public final class SlotWatermarks<T extends InputRecord>
    implements WatermarkGenerator<Ingested<T>> {
  private final SlotWatermarkRule rule;

  public SlotWatermarks(Duration outOfOrderness, Duration maxJump) {
    this.rule = new SlotWatermarkRule(outOfOrderness, maxJump);
  }

  /**
   * These watermarks with Flink's idleness by silence, and the default maximum jump of one day:
   * only for inputs that cannot fall behind, such as the benchmarks' in-memory sources. The job's
   * Kafka sources decide idleness by lag ({@link ReadToEndIdleness}), since silence also describes
   * a partition the job cannot reach.
   */
  public static <T extends InputRecord> WatermarkStrategy<Ingested<T>> strategy(
      Duration outOfOrderness, Duration idleness) {
    return SlotWatermarks.<T>withoutIdleness(
            outOfOrderness, Duration.ofMillis(EventTimeFrontier.DEFAULT_MAX_JUMP_MILLIS))
        .withIdleness(idleness);
  }

  /**
   * These watermarks and event times from records, without idleness: for bounded runs, where every
   * split ends and stops holding when read to its end, and for inputs outside event time.
   *
   * @param maxJump how far ahead of the stream one record may be and still move the watermark
   *     without confirmation (see {@link EventTimeFrontier})
   */
  public static <T extends InputRecord> WatermarkStrategy<Ingested<T>> withoutIdleness(
      Duration outOfOrderness, Duration maxJump) {
    return WatermarkStrategy.<Ingested<T>>forGenerator(
            context -> new SlotWatermarks<T>(outOfOrderness, maxJump))
        .withTimestampAssigner((record, kafkaTimestamp) -> record.eventTimeMillis());
  }

  @Override
  public void onEvent(Ingested<T> record, long eventTimestamp, WatermarkOutput output) {
    if (eventTimestamp == Long.MIN_VALUE) {
      return;
    }
    long watermark = rule.onEventTime(eventTimestamp);
    if (watermark != Long.MIN_VALUE) {
      output.emitWatermark(new Watermark(watermark));
    }
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    if (rule.emitted() != Long.MIN_VALUE) {
      output.emitWatermark(new Watermark(rule.emitted()));
    }
  }
}
