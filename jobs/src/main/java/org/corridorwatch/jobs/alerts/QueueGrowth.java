package org.corridorwatch.jobs.alerts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.corridorwatch.jobs.ingest.AcceptParsed;
import org.corridorwatch.jobs.ingest.Ingested;
import org.corridorwatch.jobs.ingest.LateRecords;
import org.corridorwatch.jobs.utilisation.NextRead;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertThresholds;
import org.corridorwatch.model.AlertType;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.CrossingStage;
import org.corridorwatch.model.DeadLetter;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.PortUtilisation;

/**
 * {@code QUEUE_GROWTH}, an early warning: a port's queue (vehicles {@code ARRIVED} and not yet
 * {@code DEPARTED} or {@code REJECTED}) grows at N consecutive slot ends while utilisation is above
 * a level (0.85, where the BUSY band starts); N consecutive slot ends without growth clear it.
 *
 * <p>{@link QueueLength} reads each port's queue at every slot end while the port had any crossing
 * in the last 24 h, with the change since the slot end before. {@link WithUtilisation} pairs it
 * with the port's utilisation reading of the same slot end and the thresholds in force then. A
 * Flink CEP pattern then looks for N consecutive readings that grew above the level, another for N
 * that did not grow; both N and the level can change while the job runs ({@link ConsecutiveRun}).
 */
public final class QueueGrowth {
  private QueueGrowth() {}

  /**
   * A port's queue at a slot end, with its utilisation then.
   *
   * @param portId the port
   * @param windowEndMillis the slot end
   * @param queue vehicles arrived and neither departed nor refused by then
   * @param change the queue's change since the slot end before
   * @param trips the utilisation reading's trips
   * @param designedMax the utilisation reading's designed maximum
   * @param thresholds in force for the port at the slot end; null until paired with a reading
   */
  public record QueueReading(
      String portId,
      long windowEndMillis,
      long queue,
      long change,
      long trips,
      long designedMax,
      AlertThresholds thresholds) {

    boolean growingWhileBusy() {
      return change > 0 && thresholds.queueLevel().exceededBy(trips, designedMax);
    }

    boolean notGrowing() {
      return change <= 0;
    }
  }

  /**
   * What the detector produces.
   *
   * @param signals its findings
   * @param lateCrossings the crossings the queue refused as {@code LATE}
   */
  public record Findings(DataStream<AlertSignal> signals, DataStream<DeadLetter> lateCrossings) {}

  /** The findings, from unique crossings and the judged utilisation readings. */
  public static Findings signals(
      DataStream<Ingested<BorderCrossing>> crossings, DataStream<JudgedReading> readings) {
    SingleOutputStreamOperator<QueueReading> lengths =
        crossings
            .keyBy(in -> in.record().portId())
            .process(new QueueLength())
            .returns(QueueReading.class)
            .uid("queue-length")
            .name("Queue length per port and slot");
    DataStream<QueueReading> queues =
        lengths
            .keyBy(QueueReading::portId)
            .connect(readings.keyBy(JudgedReading::portId))
            .process(new WithUtilisation())
            .returns(QueueReading.class)
            .uid("queue-with-utilisation")
            .name("Queue with utilisation");
    Pattern<QueueReading, QueueReading> growing =
        ConsecutiveRun.of(QueueReading::growingWhileBusy, q -> q.thresholds().queueReadings());
    Pattern<QueueReading, QueueReading> steady =
        ConsecutiveRun.of(QueueReading::notGrowing, q -> q.thresholds().queueReadings());
    DataStream<AlertSignal> raise =
        ConsecutiveRun.inArrivalOrder(CEP.pattern(queues.keyBy(QueueReading::portId), growing))
            .process(new RunToSignal(true))
            .returns(AlertSignal.class)
            .uid("queue-growth-run")
            .name("Queue growth: run growing while busy");
    DataStream<AlertSignal> clear =
        ConsecutiveRun.inArrivalOrder(CEP.pattern(queues.keyBy(QueueReading::portId), steady))
            .process(new RunToSignal(false))
            .returns(AlertSignal.class)
            .uid("queue-steady-run")
            .name("Queue growth: run not growing");
    return new Findings(raise.union(clear), lengths.getSideOutput(AcceptParsed.DEAD_LETTERS));
  }

  /**
   * Counts a port's queue per slot and reads it at each slot end, in event-time order, while the
   * port had any crossing in the last 24 h.
   *
   * <p>A crossing in a slot already read, by this operator's watermark or by {@code read-through}
   * (kept in state because a restore resets the watermark), is a {@code LATE} dead letter: counting
   * it would change a queue already reported, and every reading after it.
   */
  static final class QueueLength
      extends KeyedProcessFunction<String, Ingested<BorderCrossing>, QueueReading> {
    private static final long serialVersionUID = 1L;
    private static final long SLOT = EventTimeRules.SLOT_MILLIS;
    private transient MapState<Long, Long> changeBySlot; // slot start -> arrivals minus leavers
    private transient ValueState<Long> queue;
    private transient ValueState<Long> lastActivity; // slot start of the newest crossing read
    private transient ValueState<Long> pendingTimer;
    private transient ValueState<Long> readThrough; // the newest slot end read
    private transient LateRecords late;

    @Override
    public void open(OpenContext context) {
      changeBySlot =
          getRuntimeContext()
              .getMapState(new MapStateDescriptor<>("queue-change", Types.LONG, Types.LONG));
      queue = getRuntimeContext().getState(new ValueStateDescriptor<>("queue", Types.LONG));
      lastActivity =
          getRuntimeContext().getState(new ValueStateDescriptor<>("last-activity", Types.LONG));
      pendingTimer =
          getRuntimeContext().getState(new ValueStateDescriptor<>("queue-timer", Types.LONG));
      readThrough =
          getRuntimeContext()
              .getState(new ValueStateDescriptor<>("queue-read-through", Types.LONG));
      late = new LateRecords(getRuntimeContext(), "the queue reading");
    }

    @Override
    public void processElement(
        Ingested<BorderCrossing> in, Context ctx, Collector<QueueReading> out) throws Exception {
      BorderCrossing c = in.record();
      long slot = EventTimeRules.slotStart(c.eventTimeMillis());
      Long read = readThrough.value();
      long emitted =
          Math.max(read == null ? Long.MIN_VALUE : read, ctx.timerService().currentWatermark() + 1);
      if (slot + SLOT <= emitted) {
        ctx.output(
            AcceptParsed.DEAD_LETTERS,
            late.deadLetter(in, slot + SLOT, emitted, ctx.timerService().currentProcessingTime()));
        return;
      }
      long delta =
          c.stage() == CrossingStage.ARRIVED
              ? 1
              : c.stage() == CrossingStage.DEPARTED || c.stage() == CrossingStage.REJECTED ? -1 : 0;
      Long before = changeBySlot.get(slot);
      changeBySlot.put(slot, (before == null ? 0 : before) + delta);
      NextRead.noLaterThan(pendingTimer, ctx.timerService(), slot + SLOT - 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<QueueReading> out)
        throws Exception {
      long slot = timestamp + 1 - SLOT;
      Long change = changeBySlot.get(slot);
      long previous = queue.value() == null ? 0 : queue.value();
      long now = previous + (change == null ? 0 : change);
      if (change != null) {
        changeBySlot.remove(slot);
        lastActivity.update(slot);
      }
      queue.update(now);
      readThrough.update(timestamp + 1);
      out.collect(
          new QueueReading(ctx.getCurrentKey(), timestamp + 1, now, now - previous, 0, 0, null));
      long next = timestamp + SLOT;
      if (next + 1 - SLOT - lastActivity.value() < EventTimeRules.UTILISATION_WINDOW_MILLIS) {
        NextRead.at(pendingTimer, ctx.timerService(), next);
        return;
      }
      // a whole day without a crossing: stop reading until the next one
      Long nextSlot = null;
      for (Long s : changeBySlot.keys()) {
        nextSlot = nextSlot == null || s < nextSlot ? s : nextSlot;
      }
      if (nextSlot == null) {
        pendingTimer.clear();
      } else {
        NextRead.at(pendingTimer, ctx.timerService(), nextSlot + SLOT - 1);
      }
    }
  }

  /** Pairs a port's queue reading with its utilisation reading of the same slot end. */
  static final class WithUtilisation
      extends KeyedCoProcessFunction<String, QueueReading, JudgedReading, QueueReading> {
    private static final long serialVersionUID = 1L;
    private transient MapState<Long, QueueReading> queues;
    private transient MapState<Long, JudgedReading> readings;

    @Override
    public void open(OpenContext context) {
      queues =
          getRuntimeContext()
              .getMapState(
                  new MapStateDescriptor<>(
                      "queues", Types.LONG, TypeInformation.of(QueueReading.class)));
      readings =
          getRuntimeContext()
              .getMapState(
                  new MapStateDescriptor<>(
                      "judged-readings", Types.LONG, TypeInformation.of(JudgedReading.class)));
    }

    @Override
    public void processElement1(QueueReading q, Context ctx, Collector<QueueReading> out)
        throws Exception {
      JudgedReading u = readings.get(q.windowEndMillis());
      if (u != null) {
        readings.remove(q.windowEndMillis());
        out.collect(pair(q, u));
      } else {
        queues.put(q.windowEndMillis(), q);
        ctx.timerService().registerEventTimeTimer(q.windowEndMillis() + EventTimeRules.SLOT_MILLIS);
      }
    }

    @Override
    public void processElement2(JudgedReading u, Context ctx, Collector<QueueReading> out)
        throws Exception {
      long slotEnd = u.reading().windowEndMillis();
      QueueReading q = queues.get(slotEnd);
      if (q != null) {
        queues.remove(slotEnd);
        out.collect(pair(q, u));
      } else {
        readings.put(slotEnd, u);
        ctx.timerService().registerEventTimeTimer(slotEnd + EventTimeRules.SLOT_MILLIS);
      }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<QueueReading> out)
        throws Exception {
      // a slot end only one side read (no departures in the day, say): nothing to pair it with
      long slotEnd = timestamp - EventTimeRules.SLOT_MILLIS;
      queues.remove(slotEnd);
      readings.remove(slotEnd);
    }

    private static QueueReading pair(QueueReading q, JudgedReading judged) {
      PortUtilisation u = judged.reading();
      return new QueueReading(
          q.portId(),
          q.windowEndMillis(),
          q.queue(),
          q.change(),
          u.trips(),
          u.designedTripsPerDayMax(),
          judged.thresholds());
    }
  }

  /** Turns a run of queue readings into a finding. */
  static final class RunToSignal extends RunFinder<QueueReading> {
    private static final long serialVersionUID = 1L;
    private final boolean growing;

    RunToSignal(boolean growing) {
      this.growing = growing;
    }

    @Override
    AlertSignal signal(List<QueueReading> run) throws Exception {
      QueueReading first = run.get(0);
      QueueReading last = run.get(run.size() - 1);
      ObjectNode evidence = json.createObjectNode();
      evidence.put("busyLevel", last.thresholds().queueLevel().value());
      ArrayNode slots = evidence.putArray("windows");
      for (QueueReading q : run) {
        slots
            .addObject()
            .put("windowEnd", Instant.ofEpochMilli(q.windowEndMillis()).toString())
            .put("queue", q.queue())
            .put("change", q.change())
            .put("trips", q.trips())
            .put("designedTripsPerDayMax", q.designedMax());
      }
      String name = catalogue.port(first.portId()).name();
      String message =
          growing
              ? String.format(
                  "%s: queue grew for %d slots, from %d to %d vehicles, while busy",
                  name, run.size(), first.queue() - first.change(), last.queue())
              : String.format(
                  "%s: queue no longer growing for %d slots (%d vehicles)",
                  name, run.size(), last.queue());
      return new AlertSignal(
          AlertType.QUEUE_GROWTH,
          first.portId(),
          growing,
          AlertSeverity.WARNING,
          first.windowEndMillis(),
          last.windowEndMillis() - 1,
          message,
          json.writeValueAsString(evidence));
    }
  }
}
