package org.corridorwatch.jobs.dedup;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.util.Collector;
import org.corridorwatch.jobs.JobMetrics;
import org.corridorwatch.jobs.ingest.AcceptParsed;
import org.corridorwatch.jobs.ingest.Ingested;
import org.corridorwatch.jobs.ingest.LateRecords;
import org.corridorwatch.jobs.ingest.WatermarkFloor;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.InputRecord;

/**
 * Counts each {@code eventId} once within the dedup horizon of event time, and is the first judge
 * of lateness behind the shuffle.
 *
 * <p>State is bucketed twice. Records are keyed by a hash bucket of their id rather than the id
 * itself, so there are a few hundred keys, not one per event. Within a key, ids are grouped by the
 * hour of their event time, and one event-time timer per hour drops that hour's ids once the
 * watermark is a whole horizon past it. Expiry follows event time, not processing-time TTL: a
 * backfill moves event time much faster than the clock, and a TTL would keep millions of ids.
 *
 * <p>Lateness is judged here before duplicates, against this operator's own watermark and the
 * {@link WatermarkFloor} of the last restore. This is the first keyed operator behind the sources'
 * shuffle, where channels that resume from idle can leave the watermark ahead of a source's; every
 * operator behind it reads its watermarks, never idle ({@link
 * org.corridorwatch.jobs.ingest.HoldWatermarkWhileIdle} is chained behind it), so a record on time
 * here is on time there. And since its expiry timers never run ahead of the watermark, a record it
 * would no longer recognise as a duplicate is always late: an id is kept a whole horizon (at least
 * a slot) past the end of its hour, and a record is late once its slot or its hour is emitted.
 */
public final class Deduplicate<T extends InputRecord>
    extends KeyedProcessFunction<Integer, Ingested<T>, Ingested<T>>
    implements CheckpointedFunction {
  private static final long serialVersionUID = 1L;

  /**
   * Keys: one bucket per key group of the default maximum parallelism (128), so every parallelism
   * gets an even share. Not more: each bucket holds an expiry timer per hour of event time, and the
   * timer queue's upkeep grows with their number.
   */
  public static final int BUCKETS = 128;

  private final long horizonMillis;
  private final EventTimeRules.Period lateAfter;
  private transient WatermarkFloor floor;
  private transient MapState<String, Long> seen;
  private transient MapState<Long, List<String>> idsByHour;
  private transient Counter duplicates;
  private transient LateRecords late;

  /**
   * @param horizonMillis how long an id is remembered past the end of its hour
   * @param lateAfter the period whose emission makes a record late: no longer than the horizon
   */
  public Deduplicate(long horizonMillis, EventTimeRules.Period lateAfter) {
    this.horizonMillis = horizonMillis;
    this.lateAfter = lateAfter;
  }

  /**
   * The operator to run dedup in: Flink's keyed process operator, which also hands the floor every
   * watermark it passes. A checkpoint then keeps the watermark this subtask reached even when none
   * of its buckets had a record since the last restore (sparse shipments, a rescale), where the
   * function alone, which sees the watermark only with a record or a timer, would keep the older
   * floor and let the next restore count records for slots already written.
   *
   * @param horizonMillis how long an id is remembered past the end of its hour
   * @param lateAfter the period whose emission makes a record late: no longer than the horizon
   */
  public static <T extends InputRecord>
      KeyedProcessOperator<Integer, Ingested<T>, Ingested<T>> operator(
          long horizonMillis, EventTimeRules.Period lateAfter) {
    return new KeepingWatermarks<>(new Deduplicate<>(horizonMillis, lateAfter));
  }

  /** Dedup's operator: see {@link #operator}. */
  private static final class KeepingWatermarks<T extends InputRecord>
      extends KeyedProcessOperator<Integer, Ingested<T>, Ingested<T>> {
    private static final long serialVersionUID = 1L;

    KeepingWatermarks(Deduplicate<T> dedup) {
      super(dedup);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
      super.processWatermark(mark);
      ((Deduplicate<?>) userFunction).floor.passed(mark.getTimestamp());
    }
  }

  /** The dedup key: a bucket of the event id. */
  public static <T extends InputRecord> KeySelector<Ingested<T>, Integer> bucketOfEventId() {
    return in -> Math.floorMod(in.record().eventId().hashCode(), BUCKETS);
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    floor = new WatermarkFloor();
    floor.initialize(context);
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    floor.snapshot();
  }

  @Override
  public void open(OpenContext context) {
    seen =
        getRuntimeContext().getMapState(new MapStateDescriptor<>("seen", Types.STRING, Types.LONG));
    idsByHour =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>("ids-by-hour", Types.LONG, Types.LIST(Types.STRING)));
    duplicates = JobMetrics.of(getRuntimeContext().getMetricGroup()).counter(JobMetrics.DUPLICATES);
    late = new LateRecords(getRuntimeContext(), "the job (watermark at its last checkpoint)");
  }

  @Override
  public void processElement(Ingested<T> in, Context ctx, Collector<Ingested<T>> out)
      throws Exception {
    long time = in.eventTimeMillis();
    long watermark = floor.judgeAgainst(ctx.timerService().currentWatermark());
    if (lateAfter.isLate(time, watermark)) {
      ctx.output(
          AcceptParsed.DEAD_LETTERS,
          late.deadLetter(
              in, lateAfter.end(time), watermark + 1, ctx.timerService().currentProcessingTime()));
      return;
    }
    String id = in.record().eventId();
    if (seen.contains(id)) {
      duplicates.inc();
      return;
    }
    long hour = Math.floorDiv(time, EventTimeRules.HOUR_MILLIS);
    seen.put(id, time);
    List<String> ids = idsByHour.get(hour);
    if (ids == null) {
      ids = new ArrayList<>();
      // forget this hour's ids once the watermark is a horizon past the hour's end
      ctx.timerService()
          .registerEventTimeTimer((hour + 1) * EventTimeRules.HOUR_MILLIS + horizonMillis - 1);
    }
    ids.add(id);
    idsByHour.put(hour, ids);
    out.collect(in);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Ingested<T>> out)
      throws Exception {
    long hour = Math.floorDiv(timestamp + 1 - horizonMillis, EventTimeRules.HOUR_MILLIS) - 1;
    List<String> ids = idsByHour.get(hour);
    if (ids != null) {
      for (String id : ids) {
        seen.remove(id);
      }
      idsByHour.remove(hour);
    }
  }
}
