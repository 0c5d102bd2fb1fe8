package org.corridorwatch.jobs.ingest;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.corridorwatch.model.EventTimeRules;

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
 * <p>The watermark is the newest event time seen minus the out-of-orderness, minus 1 ms. Rejected
 * records carry no event time and do not move it.
 */
public final class SlotWatermarks implements WatermarkGenerator<Ingested> {
  private final long outOfOrdernessMillis;
  private long newest = Long.MIN_VALUE;
  private long emitted = Long.MIN_VALUE;

  public SlotWatermarks(Duration outOfOrderness) {
    this.outOfOrdernessMillis = outOfOrderness.toMillis();
  }

  /** The ingest watermark strategy: these watermarks, event times from records, idleness. */
  public static WatermarkStrategy<Ingested> strategy(Duration outOfOrderness, Duration idleness) {
    return WatermarkStrategy.<Ingested>forGenerator(context -> new SlotWatermarks(outOfOrderness))
        .withTimestampAssigner((record, kafkaTimestamp) -> record.eventTimeMillis())
        .withIdleness(idleness);
  }

  @Override
  public void onEvent(Ingested record, long eventTimestamp, WatermarkOutput output) {
    if (eventTimestamp == Long.MIN_VALUE || eventTimestamp <= newest) {
      return;
    }
    newest = eventTimestamp;
    long candidate = newest - outOfOrdernessMillis - 1;
    // the first boundary-minus-one the last emitted watermark had not reached
    long nextThreshold =
        emitted == Long.MIN_VALUE ? Long.MIN_VALUE : EventTimeRules.slotEnd(emitted + 1) - 1;
    if (candidate >= nextThreshold) {
      emitted = candidate;
      output.emitWatermark(new Watermark(candidate));
    }
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    if (emitted != Long.MIN_VALUE) {
      output.emitWatermark(new Watermark(emitted));
    }
  }
}
