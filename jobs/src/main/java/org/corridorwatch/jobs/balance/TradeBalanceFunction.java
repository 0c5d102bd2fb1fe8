package org.corridorwatch.jobs.balance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.corridorwatch.jobs.ingest.AcceptParsed;
import org.corridorwatch.jobs.ingest.LateRecords;
import org.corridorwatch.model.BalanceLevel;
import org.corridorwatch.model.BalanceScope;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.InputRecord;
import org.corridorwatch.model.TradeBalance;

/**
 * Outbound and inbound departures for one balance key ({@code LEVEL:id}), cumulative and over the
 * last 30 days of event time, emitted when the watermark passes a whole hour and the figures of
 * that scope changed.
 *
 * <p>Counts are kept, never events: three running totals per scope, and for the rolling scope one
 * bucket per hour with departures, dropped by an event-time timer when it leaves the 30 days. So
 * state per key is bounded by 720 buckets however busy the key.
 *
 * <p>This operator owns the balance records, so it judges lateness itself: a departure in an hour
 * it has already read, by its own watermark or by {@code read-through} (the newest hour it read,
 * kept in state because a restore resets the watermark), is a {@code LATE} dead letter and counts
 * in neither scope. Counting it would change a total already written as of a later hour.
 */
public final class TradeBalanceFunction<T extends InputRecord>
    extends KeyedProcessFunction<String, BalanceContribution<T>, TradeBalance> {
  private static final long serialVersionUID = 1L;
  private static final long HOUR = EventTimeRules.HOUR_MILLIS;
  private static final long ROLLING = EventTimeRules.ROLLING_BALANCE_MILLIS;
  private static final TypeInformation<long[]> LONGS =
      PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO;
  private static final int OUT = 0;
  private static final int IN = 1;
  private static final int EMPTY_IN = 2;

  private transient ValueState<long[]> cumulative;
  private transient ValueState<long[]> rolling;
  private transient MapState<Long, long[]> rollingByHour;
  private transient ValueState<long[]> lastEmitted; // cumulative then rolling, 6 counts
  private transient ValueState<Long> readThrough; // the newest asOf read
  private transient LateRecords late;

  @Override
  public void open(OpenContext context) {
    cumulative = getRuntimeContext().getState(new ValueStateDescriptor<>("cumulative", LONGS));
    rolling = getRuntimeContext().getState(new ValueStateDescriptor<>("rolling", LONGS));
    rollingByHour =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("rolling-by-hour", Types.LONG, LONGS));
    lastEmitted = getRuntimeContext().getState(new ValueStateDescriptor<>("last-emitted", LONGS));
    readThrough =
        getRuntimeContext().getState(new ValueStateDescriptor<>("read-through", Types.LONG));
    late = new LateRecords(getRuntimeContext(), "trade balance");
  }

  @Override
  public void processElement(BalanceContribution<T> c, Context ctx, Collector<TradeBalance> out)
      throws Exception {
    // counted in both scopes only when its hour is read (onTimer): a record as of T holds no
    // departure at or after T, however far ahead of the watermark this one arrives
    long hour = Math.floorDiv(c.eventTimeMillis(), HOUR);
    Long read = readThrough.value();
    long emitted =
        Math.max(read == null ? Long.MIN_VALUE : read, ctx.timerService().currentWatermark() + 1);
    if ((hour + 1) * HOUR <= emitted) {
      ctx.output(
          AcceptParsed.DEAD_LETTERS,
          late.deadLetter(
              c.source(), (hour + 1) * HOUR, emitted, ctx.timerService().currentProcessingTime()));
      return;
    }
    long[] bucket = rollingByHour.get(hour);
    if (bucket == null) {
      // the hour leaves the 30 days at (hour + 1) + 30 d: the rolling figures change then
      ctx.timerService().registerEventTimeTimer((hour + 1) * HOUR + ROLLING - 1);
    }
    rollingByHour.put(hour, add(bucket, c));
    // registering the same timer twice is a no-op: one reading per hour at most
    ctx.timerService().registerEventTimeTimer((hour + 1) * HOUR - 1);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<TradeBalance> out)
      throws Exception {
    long asOf = timestamp + 1;
    readThrough.update(asOf);
    // the hour ending at asOf joins both scopes now; its reading timer fires once, since a
    // departure of an hour already read is LATE (processElement)
    long[] closed = rollingByHour.get(Math.floorDiv(asOf, HOUR) - 1);
    if (closed != null) {
      cumulative.update(plus(cumulative.value(), closed));
      rolling.update(plus(rolling.value(), closed));
    }
    expireHoursBefore(asOf - ROLLING);
    long[] cum = orZero(cumulative.value());
    long[] roll = orZero(rolling.value());
    long[] last = lastEmitted.value();
    String[] levelAndId = ctx.getCurrentKey().split(":", 2);
    BalanceLevel level = BalanceLevel.valueOf(levelAndId[0]);
    if (last == null || !sameCounts(last, 0, cum)) {
      out.collect(
          new TradeBalance(
              level,
              levelAndId[1],
              BalanceScope.CUMULATIVE,
              asOf,
              cum[OUT],
              cum[IN],
              cum[EMPTY_IN]));
    }
    if (last == null || !sameCounts(last, 3, roll)) {
      out.collect(
          new TradeBalance(
              level,
              levelAndId[1],
              BalanceScope.ROLLING_30D,
              asOf,
              roll[OUT],
              roll[IN],
              roll[EMPTY_IN]));
    }
    lastEmitted.update(
        new long[] {cum[OUT], cum[IN], cum[EMPTY_IN], roll[OUT], roll[IN], roll[EMPTY_IN]});
    if (rollingByHour.isEmpty()) {
      rolling.clear(); // nothing in the 30 days: keep only the cumulative figures for this key
    }
  }

  private void expireHoursBefore(long windowStart) throws Exception {
    long firstHourInWindow = Math.floorDiv(windowStart, HOUR);
    List<Long> expired = new ArrayList<>();
    for (Long hour : rollingByHour.keys()) {
      if (hour < firstHourInWindow) {
        expired.add(hour);
      }
    }
    if (expired.isEmpty()) {
      return;
    }
    long[] roll = orZero(rolling.value());
    for (Long hour : expired) {
      long[] gone = rollingByHour.get(hour);
      for (int i = 0; i < 3; i++) {
        roll[i] -= gone[i];
      }
      rollingByHour.remove(hour);
    }
    rolling.update(roll);
  }

  /**
   * Adds a contribution in place (allocating only the first time). Safe with the heap backend,
   * whose state map copies an entry on access while a snapshot holds it.
   */
  private static long[] add(long[] counts, BalanceContribution<?> c) {
    long[] next = counts == null ? new long[3] : counts;
    if (c.outbound()) {
      next[OUT]++;
    } else {
      next[IN]++;
      if (c.emptyInbound()) {
        next[EMPTY_IN]++;
      }
    }
    return next;
  }

  /** Adds an hour's counts in place (allocating only the first time), as {@link #add} does. */
  private static long[] plus(long[] counts, long[] hour) {
    long[] next = counts == null ? new long[3] : counts;
    for (int i = 0; i < 3; i++) {
      next[i] += hour[i];
    }
    return next;
  }

  private static long[] orZero(long[] counts) {
    return counts == null ? new long[3] : counts;
  }

  private static boolean sameCounts(long[] last, int from, long[] now) {
    return Arrays.equals(last, from, from + 3, now, 0, 3);
  }
}
