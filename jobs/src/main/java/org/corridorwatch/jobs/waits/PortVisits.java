package org.corridorwatch.jobs.waits;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.corridorwatch.jobs.JobMetrics;
import org.corridorwatch.jobs.alerts.AlertSignal;
import org.corridorwatch.jobs.alerts.ThresholdsInForce;
import org.corridorwatch.jobs.ingest.AcceptParsed;
import org.corridorwatch.jobs.ingest.Ingested;
import org.corridorwatch.jobs.ingest.LateRecords;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertThresholds;
import org.corridorwatch.model.AlertType;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.ControlRecord;
import org.corridorwatch.model.CrossingStage;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.PortWaits;
import org.corridorwatch.seeds.CorridorCatalogue;

/**
 * Every vehicle's visit to one port, from {@code ARRIVED} through its customs decision ({@code
 * CLEARED} or {@code REJECTED}) to {@code DEPARTED}: the port's customs waits ({@code
 * corridor.port-waits.v1}) every 15 minutes, and its {@code CLEARANCE_BACKLOG} findings (side
 * output {@link #BACKLOG}). Keyed by port.
 *
 * <p><b>One time line per port.</b> Records are kept by event time until the watermark passes them
 * and then applied in event-time order (at one instant: arrival, decision, departure), so the
 * answer never depends on the order Kafka delivered them in. Everything else that happens at an
 * instant is an event-time timer on the same line, handled in the timer for the millisecond before
 * it, after that millisecond's records:
 *
 * <ul>
 *   <li>a waiting vehicle's timeout, at arrival plus its clearance limit (a decision at that very
 *       instant is too late);
 *   <li>a visit's end of keeping, at arrival plus {@code --max-wait};
 *   <li>a backlog count, at each timeout and one window after it;
 *   <li>a waits record, at each slot end while the port is active.
 * </ul>
 *
 * <p>Why not Flink CEP: a pattern's {@code within} is compiled into the operator, so the clearance
 * limit could not change while the job runs, and a pattern per vehicle kept an automaton per key
 * that cost more than the rest of the job. Here a waiting vehicle costs one map entry and two
 * timers, removed when its visit ends.
 *
 * <p><b>Lateness.</b> This operator owns the waits and the backlog, so it judges lateness itself: a
 * record at or behind what it has applied ({@code applied-through}, kept because a restore resets
 * the watermark) or behind its watermark is a {@code LATE} dead letter and changes nothing. In the
 * job its watermark moves by whole slots ({@link WholeSlotWatermark}), so this is the contract's
 * rule: late once the record's slot has been written.
 *
 * <p><b>Thresholds.</b> A vehicle's clearance limit is the one in force for its port at its
 * arrival; a backlog count at an instant uses the window and counts in force at that instant. A
 * {@code THRESHOLDS} record changes what is decided after it arrives.
 */
public final class PortVisits
    extends KeyedBroadcastProcessFunction<
        String, Ingested<BorderCrossing>, ControlRecord, PortWaits> {
  private static final long serialVersionUID = 1L;
  private static final long SLOT = EventTimeRules.SLOT_MILLIS;
  private static final long HOUR = Duration.ofHours(1).toMillis();
  private static final long MINUTE = 60_000L;
  private static final long NONE = Long.MIN_VALUE;

  /** {@code CLEARANCE_BACKLOG} findings, for the alert lifecycle. */
  public static final OutputTag<AlertSignal> BACKLOG =
      new OutputTag<>("clearance-backlog", TypeInformation.of(AlertSignal.class));

  /**
   * One vehicle's open visit.
   *
   * @param arrivedMillis its {@code ARRIVED}
   * @param decidedMillis its customs decision, or {@link Long#MIN_VALUE} while it waits
   * @param timeoutMillis arrival plus its clearance limit, or {@link Long#MAX_VALUE} when the limit
   *     is not under the max wait (it can never time out)
   */
  public record Visit(long arrivedMillis, long decidedMillis, long timeoutMillis) {}

  /** A record kept until the watermark passes it: whose it is and which stage. */
  public record Stage(String vehicleId, CrossingStage stage) {}

  private final long maxWaitMillis;
  private final AlertThresholds start;

  private transient MapState<Long, List<Stage>> pending;
  private transient MapState<String, Visit> visits;
  // timer -> vehicles with a timeout or an end of keeping at the instant after it
  private transient MapState<Long, List<String>> deadlines;
  private transient ValueState<long[]> decisions;
  private transient ValueState<long[]> departures;
  // the next slot end to write; absent while the port is inactive
  private transient ValueState<Long> nextSlotEnd;
  // backlog: timeouts by instant -> {vehicles, when they leave the count}; instants to count again
  private transient MapState<Long, long[]> timeouts;
  private transient MapState<Long, Boolean> recounts;
  // the last timer handled: records at or before it are late; kept after the port's state empties
  private transient ValueState<Long> appliedThrough;

  private transient LateRecords late;
  private transient Counter dropped;
  private transient Counter written;
  private transient ObjectMapper json;
  private transient CorridorCatalogue catalogue;

  /**
   * @param maxWait how long a visit without a departure is kept after its arrival
   * @param start the thresholds in force until a {@code THRESHOLDS} record changes them; its
   *     clearance limit and backlog window must be set
   */
  public PortVisits(Duration maxWait, AlertThresholds start) {
    if (start.clearanceLimitMinutes() == null || start.backlogWindowMinutes() == null) {
      throw new IllegalArgumentException("the start thresholds need a clearance limit and window");
    }
    this.maxWaitMillis = maxWait.toMillis();
    this.start = start;
  }

  @Override
  public void open(OpenContext context) {
    pending =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "pending-stages", Types.LONG, Types.LIST(TypeInformation.of(Stage.class))));
    visits =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "open-visits", Types.STRING, TypeInformation.of(Visit.class)));
    deadlines =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>("visit-deadlines", Types.LONG, Types.LIST(Types.STRING)));
    decisions =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "recent-decisions", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    departures =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "recent-departures", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    nextSlotEnd =
        getRuntimeContext().getState(new ValueStateDescriptor<>("next-slot-end", Types.LONG));
    timeouts =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "backlog-timeouts",
                    Types.LONG,
                    PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    recounts =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("backlog-recounts", Types.LONG, Types.BOOLEAN));
    appliedThrough =
        getRuntimeContext().getState(new ValueStateDescriptor<>("applied-through", Types.LONG));
    late = new LateRecords(getRuntimeContext(), "customs waits");
    var metrics = JobMetrics.of(getRuntimeContext().getMetricGroup());
    dropped = metrics.counter(JobMetrics.VISITS_DROPPED);
    written = metrics.counter(JobMetrics.WAITS_WRITTEN);
    json = new ObjectMapper();
    catalogue = CorridorCatalogue.standard();
  }

  @Override
  public void processElement(
      Ingested<BorderCrossing> record, ReadOnlyContext ctx, Collector<PortWaits> out)
      throws Exception {
    long t = record.eventTimeMillis();
    Long through = appliedThrough.value();
    long done = Math.max(through == null ? NONE : through, ctx.timerService().currentWatermark());
    if (t <= done) {
      ctx.output(
          AcceptParsed.DEAD_LETTERS,
          late.deadLetter(
              record, EventTimeRules.slotEnd(t), done, ctx.timerService().currentProcessingTime()));
      return;
    }
    BorderCrossing c = record.record();
    List<Stage> at = pending.get(t);
    if (at == null) {
      at = new ArrayList<>(1);
      ctx.timerService().registerEventTimeTimer(t);
    }
    at.add(new Stage(c.vehicleId(), c.stage()));
    pending.put(t, at);
  }

  @Override
  public void processBroadcastElement(ControlRecord control, Context ctx, Collector<PortWaits> out)
      throws Exception {
    ThresholdsInForce.apply(ctx.getBroadcastState(ThresholdsInForce.CHANGES), control);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<PortWaits> out)
      throws Exception {
    String port = ctx.getCurrentKey();
    long instant = timestamp + 1; // what is due here happens at the next millisecond
    ReadOnlyBroadcastState<String, ControlRecord> changes =
        ctx.getBroadcastState(ThresholdsInForce.CHANGES);

    List<Stage> due = pending.get(timestamp);
    if (due != null) {
      pending.remove(timestamp);
      if (due.size() > 1) {
        due.sort((a, b) -> Integer.compare(rank(a.stage()), rank(b.stage())));
      }
      for (Stage s : due) {
        apply(port, s, timestamp, ctx.timerService(), changes);
      }
    }

    int timedOut = 0;
    List<String> vehicles = deadlines.get(timestamp);
    if (vehicles != null) {
      deadlines.remove(timestamp);
      for (String vehicle : vehicles) {
        Visit v = visits.get(vehicle);
        if (v == null) {
          continue;
        }
        if (v.arrivedMillis() + maxWaitMillis == instant) {
          visits.remove(vehicle);
          dropped.inc();
        } else if (v.timeoutMillis() == instant && v.decidedMillis() == NONE) {
          timedOut++;
        }
      }
    }

    boolean recount = recounts.contains(instant);
    if (recount) {
      recounts.remove(instant);
    }
    if (timedOut > 0 || recount) {
      countBacklog(port, instant, timedOut, ctx, changes);
    }

    Long slotEnd = nextSlotEnd.value();
    if (slotEnd != null && slotEnd == instant) {
      writeWaits(port, instant, ctx.timerService(), out);
    } else if (slotEnd == null) {
      // inactive: decisions and departures since the last record wait for the next arrival's
      // first record, and only for the hour they can still count in
      update(decisions, RecentMinutes.dropBefore(decisions.value(), instant - HOUR));
      update(departures, RecentMinutes.dropBefore(departures.value(), instant - HOUR));
    }
    appliedThrough.update(timestamp);
  }

  /** Order of records at one instant: a visit opens, is decided, then leaves. */
  private static int rank(CrossingStage stage) {
    return switch (stage) {
      case ARRIVED -> 0;
      case CLEARED, REJECTED -> 1;
      case DEPARTED -> 2;
    };
  }

  private void apply(
      String port,
      Stage s,
      long t,
      TimerService timers,
      ReadOnlyBroadcastState<String, ControlRecord> changes)
      throws Exception {
    Visit v = visits.get(s.vehicleId());
    switch (s.stage()) {
      case ARRIVED -> {
        if (v != null) {
          forget(s.vehicleId(), v, t, timers); // a new arrival replaces the open visit
        }
        long limit =
            ThresholdsInForce.at(changes, port, t, start).orElse(start).clearanceLimitMinutes()
                * MINUTE;
        long timeout = limit < maxWaitMillis ? t + limit : Long.MAX_VALUE;
        visits.put(s.vehicleId(), new Visit(t, NONE, timeout));
        if (timeout != Long.MAX_VALUE) {
          schedule(timeout - 1, s.vehicleId(), timers);
        }
        schedule(t + maxWaitMillis - 1, s.vehicleId(), timers);
        if (nextSlotEnd.value() == null) {
          long slotEnd = EventTimeRules.slotEnd(t);
          nextSlotEnd.update(slotEnd);
          timers.registerEventTimeTimer(slotEnd - 1);
        }
      }
      case CLEARED, REJECTED -> {
        if (v != null && v.decidedMillis() == NONE) {
          decisions.update(
              RecentMinutes.append(decisions.value(), t, (t - v.arrivedMillis()) / MINUTE));
          visits.put(s.vehicleId(), new Visit(v.arrivedMillis(), t, v.timeoutMillis()));
          forgetAfterAnHourIfInactive(t, timers);
          if (v.timeoutMillis() != Long.MAX_VALUE && v.timeoutMillis() - 1 > t) {
            unschedule(v.timeoutMillis() - 1, s.vehicleId(), timers);
          }
        }
      }
      case DEPARTED -> {
        if (v != null) {
          departures.update(
              RecentMinutes.append(departures.value(), t, (t - v.arrivedMillis()) / MINUTE));
          forget(s.vehicleId(), v, t, timers);
          forgetAfterAnHourIfInactive(t, timers);
        }
      }
    }
  }

  /** While the port writes nothing, a decision or departure at {@code t} is dropped an hour on. */
  private void forgetAfterAnHourIfInactive(long t, TimerService timers) throws Exception {
    if (nextSlotEnd.value() == null) {
      timers.registerEventTimeTimer(t + HOUR);
    }
  }

  /** Ends a visit at {@code t}: it leaves the state, and its deadlines after {@code t} go. */
  private void forget(String vehicle, Visit v, long t, TimerService timers) throws Exception {
    visits.remove(vehicle);
    if (v.decidedMillis() == NONE
        && v.timeoutMillis() != Long.MAX_VALUE
        && v.timeoutMillis() - 1 > t) {
      unschedule(v.timeoutMillis() - 1, vehicle, timers);
    }
    unschedule(v.arrivedMillis() + maxWaitMillis - 1, vehicle, timers);
  }

  private void schedule(long timer, String vehicle, TimerService timers) throws Exception {
    List<String> at = deadlines.get(timer);
    if (at == null) {
      at = new ArrayList<>(1);
      timers.registerEventTimeTimer(timer);
    }
    at.add(vehicle);
    deadlines.put(timer, at);
  }

  private void unschedule(long timer, String vehicle, TimerService timers) throws Exception {
    List<String> at = deadlines.get(timer);
    if (at == null || !at.remove(vehicle)) {
      return;
    }
    if (!at.isEmpty()) {
      deadlines.put(timer, at);
      return;
    }
    deadlines.remove(timer);
    Long slotEnd = nextSlotEnd.value();
    boolean stillNeeded =
        pending.contains(timer)
            || recounts.contains(timer + 1)
            || (slotEnd != null && slotEnd == timer + 1);
    if (!stillNeeded) {
      timers.deleteEventTimeTimer(timer);
    }
  }

  /**
   * Counts the port's timeouts that are still in their window at {@code instant}: a vehicle that
   * timed out at T counts from T until T plus the backlog window in force at T. Raises at the
   * counts in force at {@code instant}; clears when none are left. Each timeout is counted again
   * when it leaves, so a backlog clears without further traffic.
   */
  private void countBacklog(
      String port,
      long instant,
      int timedOut,
      OnTimerContext ctx,
      ReadOnlyBroadcastState<String, ControlRecord> changes)
      throws Exception {
    AlertThresholds t = ThresholdsInForce.at(changes, port, instant, start).orElse(start);
    if (timedOut > 0) {
      long leaves = instant + t.backlogWindowMinutes() * MINUTE;
      timeouts.put(instant, new long[] {timedOut, leaves});
      recounts.put(leaves, Boolean.TRUE);
      ctx.timerService().registerEventTimeTimer(leaves - 1);
    }
    long count = 0;
    long earliest = Long.MAX_VALUE;
    Iterator<Map.Entry<Long, long[]>> it = timeouts.iterator();
    while (it.hasNext()) {
      Map.Entry<Long, long[]> e = it.next();
      if (e.getValue()[1] <= instant) {
        it.remove(); // left its window
      } else {
        count += e.getValue()[0];
        earliest = Math.min(earliest, e.getKey());
      }
    }
    if (count == 0) {
      timeouts.clear(); // an iterator's removals leave an empty map behind on the heap backend
      ctx.output(BACKLOG, backlog(port, false, AlertSeverity.WARNING, instant, instant, 0, t));
    } else if (count >= t.backlogCriticalCount()) {
      ctx.output(BACKLOG, backlog(port, true, AlertSeverity.CRITICAL, earliest, instant, count, t));
    } else if (count >= t.backlogWarningCount()) {
      ctx.output(BACKLOG, backlog(port, true, AlertSeverity.WARNING, earliest, instant, count, t));
    }
  }

  private AlertSignal backlog(
      String port,
      boolean raise,
      AlertSeverity severity,
      long startedAt,
      long at,
      long count,
      AlertThresholds t)
      throws Exception {
    String name = catalogue.port(port).name();
    String limit = minutesAsText(t.clearanceLimitMinutes());
    int window = t.backlogWindowMinutes();
    String message =
        raise
            ? String.format(
                "%s: %d vehicles waited over %s for customs clearance within %d min",
                name, count, limit, window)
            : String.format(
                "%s: no vehicle waited over %s for customs in the last %d min",
                name, limit, window);
    ObjectNode evidence = json.createObjectNode();
    evidence.put("timedOutVehicles", count);
    evidence.put("windowEnd", Instant.ofEpochMilli(at).toString());
    evidence.put("windowMinutes", window);
    evidence.put("clearanceLimitMinutes", t.clearanceLimitMinutes());
    return new AlertSignal(
        AlertType.CLEARANCE_BACKLOG,
        port,
        raise,
        severity,
        startedAt,
        at,
        message,
        json.writeValueAsString(evidence));
  }

  private static String minutesAsText(int minutes) {
    return minutes % 60 == 0 ? minutes / 60 + " h" : minutes + " min";
  }

  /**
   * The waits at slot end {@code slotEnd}: every record before it is applied, and visits past the
   * max wait are gone. Writes the next slot end while anything is counted; the first record with
   * nothing counted is the port's last until its next arrival.
   */
  private void writeWaits(String port, long slotEnd, TimerService timers, Collector<PortWaits> out)
      throws Exception {
    long from = slotEnd - HOUR;
    long[] decided = RecentMinutes.dropBefore(decisions.value(), from);
    long[] left = RecentMinutes.dropBefore(departures.value(), from);
    long waiting = 0;
    long oldest = Long.MAX_VALUE;
    for (Visit v : visits.values()) {
      if (v.decidedMillis() == NONE) {
        waiting++;
        oldest = Math.min(oldest, v.arrivedMillis());
      }
    }
    long[] clearance = RecentMinutes.sortedMinutes(decided);
    long[] dwell = RecentMinutes.sortedMinutes(left);
    out.collect(
        new PortWaits(
            port,
            from,
            slotEnd,
            waiting,
            waiting == 0 ? null : (slotEnd - oldest) / MINUTE,
            clearance.length,
            RecentMinutes.nearestRank(clearance, 50),
            RecentMinutes.nearestRank(clearance, 90),
            RecentMinutes.nearestRank(clearance, 100),
            dwell.length,
            RecentMinutes.nearestRank(dwell, 50),
            RecentMinutes.nearestRank(dwell, 90)));
    written.inc();
    if (waiting > 0 || clearance.length > 0 || dwell.length > 0) {
      update(decisions, decided);
      update(departures, left);
      nextSlotEnd.update(slotEnd + SLOT);
      timers.registerEventTimeTimer(slotEnd + SLOT - 1);
    } else {
      decisions.clear();
      departures.clear();
      nextSlotEnd.clear();
    }
  }

  private static void update(ValueState<long[]> state, long[] value) throws Exception {
    if (value == null) {
      state.clear();
    } else {
      state.update(value);
    }
  }
}
