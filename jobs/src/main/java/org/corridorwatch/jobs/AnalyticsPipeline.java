package org.corridorwatch.jobs;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;
import org.corridorwatch.jobs.alerts.AlertEpisodes;
import org.corridorwatch.jobs.alerts.AlertSignal;
import org.corridorwatch.jobs.alerts.AttachThresholds;
import org.corridorwatch.jobs.alerts.ClearanceBacklog;
import org.corridorwatch.jobs.alerts.JudgedReading;
import org.corridorwatch.jobs.alerts.QueueGrowth;
import org.corridorwatch.jobs.alerts.SustainedOverload;
import org.corridorwatch.jobs.alerts.ThresholdsInForce;
import org.corridorwatch.jobs.balance.BalanceContribution;
import org.corridorwatch.jobs.balance.TradeBalanceFunction;
import org.corridorwatch.jobs.dedup.Deduplicate;
import org.corridorwatch.jobs.ingest.AcceptOnTime;
import org.corridorwatch.jobs.ingest.Ingested;
import org.corridorwatch.jobs.utilisation.PortUtilisationFunction;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.AlertThresholds;
import org.corridorwatch.model.BalanceLevel;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.ControlRecord;
import org.corridorwatch.model.CrossingDirection;
import org.corridorwatch.model.CrossingStage;
import org.corridorwatch.model.DeadLetter;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.Shipment;
import org.corridorwatch.model.ShipmentDirection;
import org.corridorwatch.model.ShipmentStatus;
import org.corridorwatch.model.TradeBalance;
import org.corridorwatch.seeds.CorridorCatalogue;

/**
 * The analytics of {@code corridor-analytics} as a pure function from input streams to output
 * streams, so tests drive it without Kafka. Kafka appears only in {@link CorridorAnalyticsJob}.
 *
 * <p>Crossings and shipments run as separate pipelines that never merge: each is judged against its
 * own watermark, so a quiet shipments topic cannot hold back port utilisation, and lateness is
 * decided once per input, right after its source. Every stateful operator has a stable uid so
 * savepoints survive changes to the graph.
 */
public final class AnalyticsPipeline {
  private AnalyticsPipeline() {}

  /**
   * The inputs, parsed in their sources, with event time and watermarks already assigned (see
   * {@link org.corridorwatch.jobs.ingest.SlotWatermarks}).
   *
   * @param crossings records of the border-crossings topic
   * @param shipments records of the shipments topic
   * @param control records of the control topic; their watermarks are ignored
   */
  public record Inputs(
      DataStream<Ingested> crossings,
      DataStream<Ingested> shipments,
      DataStream<Ingested> control) {}

  /**
   * What the pipeline produces, one stream per output topic.
   *
   * @param utilisation rolling port readings
   * @param balances trade balance per key and scope
   * @param deadLetters every rejected and late input record
   * @param alerts congestion alert transitions
   */
  public record Outputs(
      DataStream<PortUtilisation> utilisation,
      DataStream<TradeBalance> balances,
      DataStream<DeadLetter> deadLetters,
      DataStream<Alert> alerts) {}

  /**
   * @param dedupHorizon how long an event id is remembered, in event time
   * @param thresholds the alert thresholds the job starts with; {@code THRESHOLDS} control records
   *     change them while it runs
   * @param clearance the clearance limit and the backlog's rolling window, fixed at start
   */
  public static Outputs build(
      Inputs in,
      Duration dedupHorizon,
      AlertThresholds thresholds,
      ClearanceBacklog.Timing clearance) {
    SingleOutputStreamOperator<BorderCrossing> crossings =
        in.crossings()
            .process(new AcceptOnTime<>(BorderCrossing.class, true))
            .returns(BorderCrossing.class)
            .uid("accept-crossings")
            .name("Accept on-time crossings");
    SingleOutputStreamOperator<Shipment> shipments =
        in.shipments()
            .process(new AcceptOnTime<>(Shipment.class, true))
            .returns(Shipment.class)
            .uid("accept-shipments")
            .name("Accept on-time shipments");
    SingleOutputStreamOperator<ControlRecord> control =
        in.control()
            .process(new AcceptOnTime<>(ControlRecord.class, false))
            .returns(ControlRecord.class)
            .uid("accept-control")
            .name("Accept control records");

    DataStream<BorderCrossing> uniqueCrossings =
        crossings
            .keyBy(Deduplicate.<BorderCrossing>bucketOfEventId())
            .process(new Deduplicate<BorderCrossing>(dedupHorizon.toMillis()))
            .returns(BorderCrossing.class)
            .uid("dedup-crossings")
            .name("Drop duplicate crossings");
    DataStream<Shipment> uniqueShipments =
        shipments
            .keyBy(Deduplicate.<Shipment>bucketOfEventId())
            .process(new Deduplicate<Shipment>(dedupHorizon.toMillis()))
            .returns(Shipment.class)
            .uid("dedup-shipments")
            .name("Drop duplicate shipments");

    DataStream<BorderCrossing> departures =
        uniqueCrossings.filter(c -> c.stage() == CrossingStage.DEPARTED).name("Departures");

    BroadcastStream<ControlRecord> instructions =
        control
            // operator instructions take effect by their own time, so this input takes no part
            // in event time: it is idle, and the connected stream's watermark alone decides
            .assignTimestampsAndWatermarks(alwaysIdle())
            .name("Control: outside event time")
            .broadcast(PortUtilisationFunction.CAPACITY_CHANGES, ThresholdsInForce.CHANGES);
    DataStream<PortUtilisation> utilisation =
        departures
            .keyBy(BorderCrossing::portId)
            .connect(instructions)
            .process(new PortUtilisationFunction())
            .returns(PortUtilisation.class)
            .uid("port-utilisation")
            .name("Port utilisation, rolling 24 h");

    DataStream<TradeBalance> portBalance =
        balance(
            departures
                .map(
                    c ->
                        new BalanceContribution(
                            BalanceLevel.PORT,
                            c.portId(),
                            c.eventTimeMillis(),
                            c.direction() == CrossingDirection.EXPORT,
                            c.direction() == CrossingDirection.IMPORT && !c.laden()))
                .returns(BalanceContribution.class)
                .name("Port balance contributions"),
            "port-balance",
            "Trade balance: ports");
    DataStream<TradeBalance> lineBalance =
        balance(
            uniqueShipments
                .filter(s -> s.status() == ShipmentStatus.DEPARTED)
                .name("Shuttle departures")
                .flatMap(new LineAndCorridorContributions())
                .returns(BalanceContribution.class)
                .name("Line and corridor contributions"),
            "line-corridor-balance",
            "Trade balance: lines and corridors");

    DataStream<DeadLetter> deadLetters =
        crossings
            .getSideOutput(AcceptOnTime.DEAD_LETTERS)
            .union(
                shipments.getSideOutput(AcceptOnTime.DEAD_LETTERS),
                control.getSideOutput(AcceptOnTime.DEAD_LETTERS));
    DataStream<JudgedReading> judged =
        utilisation
            .connect(instructions)
            .process(new AttachThresholds(thresholds))
            .returns(JudgedReading.class)
            .uid("alert-thresholds")
            .name("Alert thresholds in force");
    DataStream<Alert> alerts =
        SustainedOverload.signals(judged.keyBy(JudgedReading::portId))
            .union(
                ClearanceBacklog.signals(
                    ClearanceBacklog.timeouts(uniqueCrossings, clearance),
                    instructions,
                    clearance,
                    thresholds),
                QueueGrowth.signals(uniqueCrossings, judged))
            .keyBy(AlertSignal::episodeKey)
            .process(new AlertEpisodes())
            .returns(Alert.class)
            .uid("alert-episodes")
            .name("Alert episodes");
    return new Outputs(utilisation, portBalance.union(lineBalance), deadLetters, alerts);
  }

  private static DataStream<TradeBalance> balance(
      DataStream<BalanceContribution> contributions, String uid, String name) {
    return contributions
        .keyBy(BalanceContribution::key)
        .process(new TradeBalanceFunction())
        .returns(TradeBalance.class)
        .uid(uid)
        .name(name);
  }

  /** A shuttle departure counts for its line and for the corridor the line belongs to. */
  static final class LineAndCorridorContributions
      implements FlatMapFunction<Shipment, BalanceContribution> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(Shipment s, Collector<BalanceContribution> out) {
      boolean outbound = s.direction() == ShipmentDirection.OUTBOUND;
      boolean emptyInbound = !outbound && !s.laden();
      out.collect(
          new BalanceContribution(
              BalanceLevel.LINE, s.lineId(), s.eventTimeMillis(), outbound, emptyInbound));
      CorridorCatalogue.standard()
          .corridorOf(s.lineId())
          .ifPresent(
              corridor ->
                  out.collect(
                      new BalanceContribution(
                          BalanceLevel.CORRIDOR,
                          corridor.id(),
                          s.eventTimeMillis(),
                          outbound,
                          emptyInbound)));
    }
  }

  /**
   * A stream that takes no part in event time: it declares itself idle from the start and stays so,
   * records or not. An operator that connects it to a stream with watermarks follows that stream
   * alone, and when that stream goes idle too, event time stands still.
   *
   * <p>Why not a watermark of "no limit" (Long.MAX_VALUE): when the other input goes idle (a quiet
   * crossings topic, after {@code --idleness}), the operator's watermark becomes the minimum over
   * its active inputs, that is "no limit", and every timer fires at once: readings run down to zero
   * and open alerts clear although no time has passed.
   */
  static <T> WatermarkStrategy<T> alwaysIdle() {
    return WatermarkStrategy.<T>forGenerator(
            context ->
                new WatermarkGenerator<T>() {
                  @Override
                  public void onEvent(T event, long timestamp, WatermarkOutput output) {}

                  @Override
                  public void onPeriodicEmit(WatermarkOutput output) {
                    output.markIdle();
                  }
                })
        .withTimestampAssigner((record, previous) -> Long.MIN_VALUE);
  }
}
