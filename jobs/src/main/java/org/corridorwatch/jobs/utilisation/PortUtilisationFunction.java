package org.corridorwatch.jobs.utilisation;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.corridorwatch.jobs.JobMetrics;
import org.corridorwatch.jobs.ingest.AcceptParsed;
import org.corridorwatch.jobs.ingest.Ingested;
import org.corridorwatch.jobs.ingest.LateRecords;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.ControlRecord;
import org.corridorwatch.model.ControlType;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.seeds.Capacity;
import org.corridorwatch.seeds.CorridorCatalogue;

/**
 * The rolling 24 h count of departures at one port, read every 15 minutes of event time.
 *
 * <p>Each departure is counted once, in the counter of its slot. A reading at slot end E adds the
 * slot that just closed and drops the one that left the window, so a reading costs two lookups, not
 * 96. Flink's sliding window would copy every event into 96 windows instead.
 *
 * <p>One event-time timer per port is pending at a time: the end of the next slot to read. Readings
 * go on every slot while the window holds a departure; the first reading with none is the port's
 * final {@code trips: 0}, after which the port keeps no state and no timer until its next
 * departure. Capacity comes from {@code CAPACITY} control records (broadcast state), in force from
 * their {@code effectiveFrom}, else from the seed catalogue.
 *
 * <p>Input: {@code DEPARTED} crossings, keyed by port. This operator owns the readings, so it
 * judges lateness itself: a departure in a slot it has already read, by its own watermark or by
 * {@code read-through} (the end of the last window it emitted, kept in state because a restore
 * resets the watermark), is a {@code LATE} dead letter and is never counted. Without that, one such
 * record would register a timer for a slot already read, emit it twice and add into the running sum
 * a second time, for good.
 */
public final class PortUtilisationFunction
    extends KeyedBroadcastProcessFunction<
        String, Ingested<BorderCrossing>, ControlRecord, PortUtilisation> {
  private static final long serialVersionUID = 1L;
  private static final long SLOT = EventTimeRules.SLOT_MILLIS;
  private static final long WINDOW = EventTimeRules.UTILISATION_WINDOW_MILLIS;

  /** Capacity changes per port, shared by all ports' instances. */
  public static final MapStateDescriptor<String, CapacitySchedule> CAPACITY_CHANGES =
      new MapStateDescriptor<>(
          "capacity-changes", Types.STRING, TypeInformation.of(CapacitySchedule.class));

  private transient MapState<Long, Long> departuresBySlot;
  private transient ValueState<Long> windowTrips;
  private transient ValueState<Long> pendingTimer;
  // the end of the last window read; kept after the final reading, one value per port ever seen
  private transient ValueState<Long> readThrough;
  private transient LateRecords late;
  private transient CorridorCatalogue catalogue;
  // a reading count that stops rising shows a job that runs but no longer reports (an alert rule)
  private transient Counter readings;

  @Override
  public void open(OpenContext context) {
    readings = JobMetrics.of(getRuntimeContext().getMetricGroup()).counter(JobMetrics.READINGS);
    departuresBySlot =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("departures-by-slot", Types.LONG, Types.LONG));
    windowTrips =
        getRuntimeContext().getState(new ValueStateDescriptor<>("window-trips", Types.LONG));
    pendingTimer =
        getRuntimeContext().getState(new ValueStateDescriptor<>("pending-timer", Types.LONG));
    readThrough =
        getRuntimeContext().getState(new ValueStateDescriptor<>("read-through", Types.LONG));
    late = new LateRecords(getRuntimeContext(), "port utilisation");
    catalogue = CorridorCatalogue.standard();
  }

  @Override
  public void processElement(
      Ingested<BorderCrossing> departure, ReadOnlyContext ctx, Collector<PortUtilisation> out)
      throws Exception {
    long slot = EventTimeRules.slotStart(departure.eventTimeMillis());
    long emitted = Math.max(orMin(readThrough.value()), ctx.timerService().currentWatermark() + 1);
    if (slot + SLOT <= emitted) {
      ctx.output(
          AcceptParsed.DEAD_LETTERS,
          late.deadLetter(
              departure, slot + SLOT, emitted, ctx.timerService().currentProcessingTime()));
      return;
    }
    Long count = departuresBySlot.get(slot);
    departuresBySlot.put(slot, count == null ? 1 : count + 1);
    // nothing being read yet, or this slot ends before the one waiting (the window was empty)
    NextRead.noLaterThan(pendingTimer, ctx.timerService(), slot + SLOT - 1);
  }

  @Override
  public void processBroadcastElement(
      ControlRecord control, Context ctx, Collector<PortUtilisation> out) throws Exception {
    if (control.type() != ControlType.CAPACITY) {
      return;
    }
    BroadcastState<String, CapacitySchedule> changes = ctx.getBroadcastState(CAPACITY_CHANGES);
    CapacitySchedule schedule = changes.get(control.portId());
    changes.put(
        control.portId(), (schedule == null ? CapacitySchedule.empty() : schedule).with(control));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<PortUtilisation> out)
      throws Exception {
    long windowEnd = timestamp + 1;
    long trips = orZero(windowTrips.value());
    trips += orZero(departuresBySlot.get(windowEnd - SLOT));
    long leaving = windowEnd - SLOT - WINDOW;
    Long left = departuresBySlot.get(leaving);
    if (left != null) {
      trips -= left;
      departuresBySlot.remove(leaving);
    }
    out.collect(
        reading(ctx.getCurrentKey(), windowEnd, trips, ctx.getBroadcastState(CAPACITY_CHANGES)));
    readings.inc();
    readThrough.update(windowEnd);
    if (trips > 0) {
      windowTrips.update(trips);
      NextRead.at(pendingTimer, ctx.timerService(), windowEnd + SLOT - 1);
      return;
    }
    // the final zero reading: nothing counted in the window; resume at the next departure, if any
    windowTrips.clear();
    Long nextSlot = null;
    for (Long slot : departuresBySlot.keys()) {
      if (slot >= windowEnd && (nextSlot == null || slot < nextSlot)) {
        nextSlot = slot;
      }
    }
    if (nextSlot == null) {
      departuresBySlot.clear();
      pendingTimer.clear();
    } else {
      NextRead.at(pendingTimer, ctx.timerService(), nextSlot + SLOT - 1);
    }
  }

  private PortUtilisation reading(
      String portId,
      long windowEnd,
      long trips,
      ReadOnlyBroadcastState<String, CapacitySchedule> changes)
      throws Exception {
    Capacity seed = catalogue.port(portId).capacity();
    int min = seed.designedTripsPerDayMin();
    int max = seed.designedTripsPerDayMax();
    CapacitySchedule schedule = changes.get(portId);
    if (schedule != null) {
      int at = schedule.inForceAt(windowEnd);
      if (at >= 0) {
        min = schedule.designedMin()[at];
        max = schedule.designedMax()[at];
      }
    }
    return new PortUtilisation(portId, windowEnd - WINDOW, windowEnd, trips, min, max);
  }

  private static long orMin(Long value) {
    return value == null ? Long.MIN_VALUE : value;
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }
}
