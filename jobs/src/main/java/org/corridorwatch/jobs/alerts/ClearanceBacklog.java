package org.corridorwatch.jobs.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.functions.TimedOutPartialMatchHandler;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertThresholds;
import org.corridorwatch.model.AlertType;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.ControlRecord;
import org.corridorwatch.model.CrossingStage;
import org.corridorwatch.seeds.CorridorCatalogue;

/**
 * {@code CLEARANCE_BACKLOG}: vehicles that wait too long for customs, counted per port.
 *
 * <p>A Flink CEP pattern per vehicle, {@code ARRIVED} followed by {@code CLEARED} (or {@code
 * REJECTED}, which is also a customs decision) of the same vehicle within the clearance limit,
 * keyed by port and a bucket of vehicles ({@link #VEHICLE_BUCKETS}) so the state stays bounded;
 * each waiting vehicle holds one partial match. A match is a vehicle cleared in time and is
 * dropped. A partial match that times out is a vehicle still waiting: the {@link
 * TimedOutPartialMatchHandler} reports it, stamped at arrival plus the limit.
 *
 * <p>Timeouts fire in event time, when the watermark passes arrival plus the limit. The watermark
 * is the crossings topic's, moved by every port's traffic, so a quiet port's vehicles time out as
 * soon as any other port's records move time on; when the whole corridor is quiet, event time
 * stands still and they time out when traffic resumes (or at the end of a bounded run).
 *
 * <p>{@link BacklogCount} then counts each port's timeouts in a rolling hour, in event-time order:
 * at the warning count the backlog is a WARNING, at the critical count CRITICAL, and an hour with
 * none clears it. The counts are those in force at each instant ({@link ThresholdsInForce}), so a
 * {@code THRESHOLDS} control record changes them while the job runs. The limit and the hour are
 * {@link Timing}, fixed at start: the limit is the pattern's {@code within}, which Flink CEP
 * compiles into the operator.
 */
public final class ClearanceBacklog {
  private ClearanceBacklog() {}

  /**
   * The durations of a backlog, fixed when the job starts.
   *
   * @param limit how long a vehicle may wait for customs, e.g. 6 h
   * @param window the rolling window timeouts are counted in, e.g. 1 h
   */
  public record Timing(Duration limit, Duration window) implements java.io.Serializable {
    public static Timing defaults() {
      return new Timing(Duration.ofHours(6), Duration.ofHours(1));
    }
  }

  /**
   * A vehicle still waiting for customs when the limit ran out.
   *
   * @param portId the port
   * @param vehicleId the vehicle
   * @param arrivedAtMillis when it joined the queue
   * @param timedOutAtMillis arrival plus the limit
   */
  public record Timeout(
      String portId, String vehicleId, long arrivedAtMillis, long timedOutAtMillis) {}

  static final OutputTag<Timeout> TIMEOUTS =
      new OutputTag<>("clearance-timeouts", TypeInformation.of(Timeout.class));

  /**
   * Vehicles of one port share a pattern key by a hash of their id, so the pattern's state is
   * bounded by ports times this, not by every vehicle ever seen: Flink CEP keeps each key's NFA
   * state after its last match, and with one key per vehicle a year of traffic left millions of
   * idle NFA states in every checkpoint. Enough buckets that a key rarely holds more than a few
   * waiting vehicles, even in a queue of hundreds.
   */
  static final int VEHICLE_BUCKETS = 256;

  /** The vehicles that timed out, from on-time, unique crossings. */
  public static DataStream<Timeout> timeouts(DataStream<BorderCrossing> crossings, Timing t) {
    Pattern<BorderCrossing, BorderCrossing> clearedInTime =
        Pattern.<BorderCrossing>begin("arrived")
            .where(SimpleCondition.of(c -> c.stage() == CrossingStage.ARRIVED))
            .followedBy("decided")
            .where(new DecisionForTheSameVehicle())
            .within(t.limit());
    SingleOutputStreamOperator<Void> matched =
        CEP.pattern(
                crossings
                    .filter(c -> c.stage() != CrossingStage.DEPARTED)
                    .name("Customs stages")
                    .keyBy(ClearanceBacklog::vehicleBucket),
                clearedInTime)
            .process(new CollectTimeouts(t.limit().toMillis()))
            .returns(Void.class)
            // a new uid since the key changed from one vehicle to a bucket of vehicles: state of
            // the old key must not be read as the new one (a restore of it is refused, see
            // jobs/README.md, "Upgrades")
            .uid("clearance-pattern-by-bucket")
            .name("Clearance: ARRIVED then CLEARED within " + t.limit());
    return matched.getSideOutput(TIMEOUTS);
  }

  /** The pattern's key: the port and a bucket of the vehicle id, e.g. {@code CN-PINGXIANG|17}. */
  static String vehicleBucket(BorderCrossing c) {
    return c.portId() + "|" + Math.floorMod(c.vehicleId().hashCode(), VEHICLE_BUCKETS);
  }

  /**
   * A customs decision ({@code CLEARED} or {@code REJECTED}) for the vehicle whose arrival began
   * the partial match: a key holds several vehicles, so the stage alone would let one vehicle's
   * clearance complete another's wait. The stage is tested first, so arrivals, the common case,
   * never look into the match.
   */
  static final class DecisionForTheSameVehicle extends IterativeCondition<BorderCrossing> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean filter(BorderCrossing c, Context<BorderCrossing> ctx) throws Exception {
      if (c.stage() != CrossingStage.CLEARED && c.stage() != CrossingStage.REJECTED) {
        return false;
      }
      for (BorderCrossing arrived : ctx.getEventsForPattern("arrived")) {
        return arrived.vehicleId().equals(c.vehicleId());
      }
      return false;
    }
  }

  /**
   * The findings of each port's backlog.
   *
   * @param control the control records, broadcast with {@link ThresholdsInForce#CHANGES}
   * @param start the counts in force until a {@code THRESHOLDS} record changes them
   */
  public static DataStream<AlertSignal> signals(
      DataStream<Timeout> timeouts,
      BroadcastStream<ControlRecord> control,
      Timing t,
      AlertThresholds start) {
    return timeouts
        .keyBy(Timeout::portId)
        .connect(control)
        .process(new BacklogCount(t, start))
        .returns(AlertSignal.class)
        .uid("clearance-backlog-count")
        .name("Clearance backlog per port, rolling " + t.window());
  }

  /** Drops vehicles cleared in time; reports the ones that timed out. */
  static final class CollectTimeouts extends PatternProcessFunction<BorderCrossing, Void>
      implements TimedOutPartialMatchHandler<BorderCrossing> {
    private static final long serialVersionUID = 1L;
    private final long limitMillis;

    CollectTimeouts(long limitMillis) {
      this.limitMillis = limitMillis;
    }

    @Override
    public void processMatch(
        Map<String, List<BorderCrossing>> match, Context ctx, Collector<Void> out) {
      // cleared in time: nothing to report
    }

    @Override
    public void processTimedOutMatch(Map<String, List<BorderCrossing>> match, Context ctx) {
      BorderCrossing arrived = match.get("arrived").get(0);
      ctx.output(
          TIMEOUTS,
          new Timeout(
              arrived.portId(),
              arrived.vehicleId(),
              arrived.eventTimeMillis(),
              arrived.eventTimeMillis() + limitMillis));
    }
  }

  /**
   * Counts a port's timeouts in a rolling window, in event-time order: timeouts of one port come
   * from many vehicles' patterns in no particular order, so each is applied when the watermark
   * reaches its time.
   */
  static final class BacklogCount
      extends KeyedBroadcastProcessFunction<String, Timeout, ControlRecord, AlertSignal> {
    private static final long serialVersionUID = 1L;
    private final Timing timing;
    private final AlertThresholds start;
    private transient MapState<Long, Integer> timeoutsAt; // applied, within the window
    private transient MapState<Long, Integer> pending; // not yet applied
    private transient ObjectMapper json;
    private transient CorridorCatalogue catalogue;

    BacklogCount(Timing timing, AlertThresholds start) {
      this.timing = timing;
      this.start = start;
    }

    @Override
    public void open(OpenContext context) {
      timeoutsAt =
          getRuntimeContext()
              .getMapState(new MapStateDescriptor<>("timeouts", Types.LONG, Types.INT));
      pending =
          getRuntimeContext()
              .getMapState(new MapStateDescriptor<>("pending-timeouts", Types.LONG, Types.INT));
      json = new ObjectMapper();
      catalogue = CorridorCatalogue.standard();
    }

    @Override
    public void processElement(Timeout timeout, ReadOnlyContext ctx, Collector<AlertSignal> out)
        throws Exception {
      long at = timeout.timedOutAtMillis();
      Integer n = pending.get(at);
      pending.put(at, n == null ? 1 : n + 1);
      ctx.timerService().registerEventTimeTimer(at);
    }

    @Override
    public void processBroadcastElement(
        ControlRecord control, Context ctx, Collector<AlertSignal> out) throws Exception {
      ThresholdsInForce.apply(ctx.getBroadcastState(ThresholdsInForce.CHANGES), control);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertSignal> out)
        throws Exception {
      long window = timing.window().toMillis();
      Integer arriving = pending.get(timestamp);
      if (arriving != null) {
        pending.remove(timestamp);
        timeoutsAt.put(timestamp, arriving);
        // an hour after the newest timeout, look again: if none came, the backlog is over
        ctx.timerService().registerEventTimeTimer(timestamp + window);
      }
      long count = 0;
      long earliest = Long.MAX_VALUE;
      for (Map.Entry<Long, Integer> e : snapshotOf(timeoutsAt)) {
        if (e.getKey() <= timestamp - window) {
          timeoutsAt.remove(e.getKey()); // left the rolling window
        } else if (e.getKey() <= timestamp) {
          count += e.getValue();
          earliest = Math.min(earliest, e.getKey());
        }
      }
      String port = ctx.getCurrentKey();
      if (count == 0 && arriving == null) {
        out.collect(signal(port, false, AlertSeverity.WARNING, timestamp, timestamp, 0));
        return;
      }
      AlertThresholds t =
          ThresholdsInForce.at(
              ctx.getBroadcastState(ThresholdsInForce.CHANGES), port, timestamp, start);
      if (count >= t.backlogCriticalCount()) {
        out.collect(signal(port, true, AlertSeverity.CRITICAL, earliest, timestamp, count));
      } else if (count >= t.backlogWarningCount()) {
        out.collect(signal(port, true, AlertSeverity.WARNING, earliest, timestamp, count));
      }
    }

    private AlertSignal signal(
        String port, boolean raise, AlertSeverity severity, long startedAt, long at, long count)
        throws Exception {
      String name = catalogue.port(port).name();
      Duration limit = timing.limit();
      Duration window = timing.window();
      String message =
          raise
              ? String.format(
                  "%s: %d vehicles waited over %d h for customs clearance within %d min",
                  name, count, limit.toHours(), window.toMinutes())
              : String.format(
                  "%s: no vehicle waited over %d h for customs in the last %d min",
                  name, limit.toHours(), window.toMinutes());
      ObjectNode evidence = json.createObjectNode();
      evidence.put("timedOutVehicles", count);
      evidence.put("windowEnd", Instant.ofEpochMilli(at).toString());
      evidence.put("windowMinutes", window.toMinutes());
      evidence.put("clearanceLimitHours", limit.toHours());
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

    /** A copy of the entries, so the loop may remove from the state. */
    private static <K, V> List<Map.Entry<K, V>> snapshotOf(MapState<K, V> state) throws Exception {
      List<Map.Entry<K, V>> entries = new ArrayList<>();
      for (Map.Entry<K, V> e : state.entries()) {
        entries.add(Map.entry(e.getKey(), e.getValue()));
      }
      return entries;
    }
  }
}
