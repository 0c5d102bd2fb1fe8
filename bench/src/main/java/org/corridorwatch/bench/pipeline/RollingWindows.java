package org.corridorwatch.bench.pipeline;

import java.time.Duration;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.corridorwatch.jobs.ingest.AcceptParsed;
import org.corridorwatch.jobs.ingest.Ingested;
import org.corridorwatch.jobs.ingest.InputKind;
import org.corridorwatch.jobs.utilisation.PortUtilisationFunction;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.ControlRecord;
import org.corridorwatch.model.CrossingStage;
import org.corridorwatch.model.PortUtilisation;

/**
 * P2, the rolling window design: the job's {@link PortUtilisationFunction} (one counter per
 * 15-minute slot, two lookups per reading) against Flink's {@link SlidingEventTimeWindows} of 24 h
 * sliding by 15 min, which puts every departure into 96 windows. Both count the same on-time {@code
 * DEPARTED} crossings per port, from the same pre-parsed input, so the parser's cost does not hide
 * the difference between the designs.
 *
 * <p>The Flink side is written as Flink's documentation advises for a count: an incremental {@link
 * AggregateFunction}, so each window holds one long, not its elements, with a {@link
 * ProcessWindowFunction} only to attach the port and window end.
 */
final class RollingWindows {
  static final String CROSSINGS = "parsed-crossings";

  private static final Duration DAY = Duration.ofHours(24);
  private static final Duration SLOT = Duration.ofMinutes(15);

  private RollingWindows() {}

  static void hold(BenchInput input) {
    HeldInput.hold(CROSSINGS, input.parsedCrossings());
  }

  /** Our design; readings come out as {@link PortUtilisation}, as the job writes them. */
  static DataStream<PortUtilisation> slotCounters(StreamExecutionEnvironment env) {
    DataStream<Ingested<BorderCrossing>> crossings = InMemorySources.preParsed(env, CROSSINGS);
    BroadcastStream<ControlRecord> noCapacityChanges =
        PipelineCost.none(crossings, InputKind.CONTROL)
            .process(AcceptParsed.records(), TypeInformation.of(ControlRecord.class))
            .broadcast(PortUtilisationFunction.CAPACITY_CHANGES);
    return departures(crossings)
        .keyBy(in -> in.record().portId())
        .connect(noCapacityChanges)
        .process(new PortUtilisationFunction())
        .returns(PortUtilisation.class)
        .name("Port utilisation, 15-min slot counters");
  }

  /** Flink's sliding event-time windows over the same departures. */
  static DataStream<WindowCount> slidingWindows(StreamExecutionEnvironment env) {
    return departures(InMemorySources.preParsed(env, CROSSINGS))
        .map(Ingested::record)
        .returns(BorderCrossing.class)
        .keyBy(BorderCrossing::portId)
        .window(SlidingEventTimeWindows.of(DAY, SLOT))
        .aggregate(new CountTrips(), new StampWindow())
        .name("Port trips, sliding 24 h / 15 min windows");
  }

  static WindowCount countOf(PortUtilisation reading) {
    return new WindowCount(reading.portId(), reading.windowEndMillis(), reading.trips());
  }

  /** The job's prefix: the check for rejections after the source, then departures only. */
  static DataStream<Ingested<BorderCrossing>> departures(
      DataStream<Ingested<BorderCrossing>> crossings) {
    return crossings
        .process(AcceptParsed.keepingOrigin(), crossings.getType())
        .name("Accept parsed crossings")
        .filter(c -> c.record().stage() == CrossingStage.DEPARTED)
        .name("Departures");
  }

  /** Counts a window's departures incrementally. */
  static final class CountTrips implements AggregateFunction<BorderCrossing, Long, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public Long createAccumulator() {
      return 0L;
    }

    @Override
    public Long add(BorderCrossing departure, Long trips) {
      return trips + 1;
    }

    @Override
    public Long getResult(Long trips) {
      return trips;
    }

    @Override
    public Long merge(Long a, Long b) {
      return a + b;
    }
  }

  /** Attaches the port and the window's end to a window's count. */
  static final class StampWindow
      extends ProcessWindowFunction<Long, WindowCount, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    @Override
    public void process(
        String portId, Context context, Iterable<Long> trips, Collector<WindowCount> out) {
      out.collect(new WindowCount(portId, context.window().getEnd(), trips.iterator().next()));
    }
  }
}
