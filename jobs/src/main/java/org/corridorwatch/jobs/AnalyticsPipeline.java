package org.corridorwatch.jobs;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;
import org.corridorwatch.jobs.alerts.AlertEpisodes;
import org.corridorwatch.jobs.alerts.AlertSignal;
import org.corridorwatch.jobs.alerts.AttachThresholds;
import org.corridorwatch.jobs.alerts.JudgedReading;
import org.corridorwatch.jobs.alerts.QueueGrowth;
import org.corridorwatch.jobs.alerts.SustainedOverload;
import org.corridorwatch.jobs.alerts.ThresholdsInForce;
import org.corridorwatch.jobs.balance.BalanceContribution;
import org.corridorwatch.jobs.balance.TradeBalanceFunction;
import org.corridorwatch.jobs.dedup.Deduplicate;
import org.corridorwatch.jobs.ingest.AcceptParsed;
import org.corridorwatch.jobs.ingest.HoldWatermarkWhileIdle;
import org.corridorwatch.jobs.ingest.Ingested;
import org.corridorwatch.jobs.utilisation.PortUtilisationFunction;
import org.corridorwatch.jobs.waits.PortVisits;
import org.corridorwatch.jobs.waits.WholeSlotWatermark;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.AlertThresholds;
import org.corridorwatch.model.BalanceLevel;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.ControlRecord;
import org.corridorwatch.model.CrossingDirection;
import org.corridorwatch.model.CrossingStage;
import org.corridorwatch.model.DeadLetter;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.InputRecord;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.PortWaits;
import org.corridorwatch.model.Shipment;
import org.corridorwatch.model.ShipmentDirection;
import org.corridorwatch.model.ShipmentStatus;
import org.corridorwatch.model.TradeBalance;
import org.corridorwatch.seeds.CorridorCatalogue;

/**
 * The analytics of {@code corridor-analytics} as a pure function from input streams to output
 * streams, so tests drive it without Kafka. The Kafka sources and sinks are built around it by
 * {@link CorridorAnalyticsJob}, with the classes of the {@code ingest} and {@code sink} packages.
 *
 * <p>Crossings and shipments run as separate pipelines that never merge: each is judged against its
 * own watermark, so a quiet shipments topic cannot hold back port utilisation. Lateness is judged
 * by every operator that owns a figure, against its own watermark and how far it has emitted, and
 * by dedup; the check right after each source dead-letters rejections only. Records travel as
 * {@link Ingested} up to those owners, so a LATE dead letter keeps its original bytes. Every
 * stateful operator has a stable uid so savepoints survive changes to the graph.
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
      DataStream<Ingested<BorderCrossing>> crossings,
      DataStream<Ingested<Shipment>> shipments,
      DataStream<Ingested<ControlRecord>> control) {}

  /**
   * What the pipeline produces, one stream per output topic.
   *
   * @param utilisation rolling port readings
   * @param balances trade balance per key and scope
   * @param deadLetters every rejected and late input record
   * @param alerts congestion alert transitions
   * @param waits customs waits and queue per port
   */
  public record Outputs(
      DataStream<PortUtilisation> utilisation,
      DataStream<TradeBalance> balances,
      DataStream<DeadLetter> deadLetters,
      DataStream<Alert> alerts,
      DataStream<PortWaits> waits) {}

  /**
   * The job as its data flows (the README's flowchart): ingest, then the figures each input feeds,
   * then the alerts over them, and every record refused on the way to the dead letters.
   *
   * @param dedupHorizon how long an event id is remembered, in event time
   * @param thresholds the alert thresholds the job starts with, the clearance limit and backlog
   *     window included; {@code THRESHOLDS} control records change them while it runs
   * @param maxWait how long a visit without a departure is kept after its arrival
   */
  public static Outputs build(
      Inputs in, Duration dedupHorizon, AlertThresholds thresholds, Duration maxWait) {
    Ingest ingest = ingest(in, dedupHorizon);
    BroadcastStream<ControlRecord> instructions = instructions(ingest.control());
    DataStream<Ingested<BorderCrossing>> departures = departures(ingest.crossings());
    SingleOutputStreamOperator<PortUtilisation> utilisation = utilisation(departures, instructions);
    Balances balances = balances(departures, ingest.shipments());
    SingleOutputStreamOperator<PortWaits> waits =
        waits(ingest.crossings(), instructions, thresholds, maxWait);
    Alerts alerts = alerts(ingest.crossings(), utilisation, waits, instructions, thresholds);
    DataStream<DeadLetter> deadLetters =
        deadLetters(ingest, utilisation, balances, alerts.lateCrossings(), waits);
    return new Outputs(utilisation, balances.all(), deadLetters, alerts.alerts(), waits);
  }

  /**
   * What ingest passes on: on-time, unique crossings and shipments with their origin, and the
   * accepted control records.
   *
   * @param deadLetters the records the sources' checks and dedup refused
   */
  record Ingest(
      DataStream<Ingested<BorderCrossing>> crossings,
      DataStream<Ingested<Shipment>> shipments,
      DataStream<ControlRecord> control,
      DataStream<DeadLetter> deadLetters) {}

  /**
   * Each source's rejections dead-lettered, then dedup, then the watermark held while a topic is
   * idle. Control records are only accepted: they are neither late nor duplicates.
   */
  static Ingest ingest(Inputs in, Duration dedupHorizon) {
    // a record is late once the figures it feeds have passed its time: a crossing's slot
    // (utilisation, the queue, the waits), a shipment's hour (its line's and corridor's balances)
    Unique<BorderCrossing> crossings =
        unique(in.crossings(), dedupHorizon, EventTimeRules.Period.SLOT, "crossings", "Crossings");
    Unique<Shipment> shipments =
        unique(in.shipments(), dedupHorizon, EventTimeRules.Period.HOUR, "shipments", "Shipments");
    // in the reader's task too: every operator then gets the instructions in the order they were
    // written, not dealt over two subtasks that pass them on at their own pace
    SingleOutputStreamOperator<ControlRecord> control =
        in.control()
            .process(AcceptParsed.records(), TypeInformation.of(ControlRecord.class))
            .setParallelism(in.control().getParallelism())
            .uid("accept-control")
            .name("Accept control records");
    return new Ingest(
        crossings.records(),
        shipments.records(),
        control,
        crossings.refused().union(shipments.refused(), refused(control)));
  }

  /**
   * One topic's records after ingest, and the ones ingest refused.
   *
   * @param records unique records with their origin, on time by dedup's judgement
   * @param refused rejected records, and those dedup judged late
   */
  record Unique<T extends InputRecord>(
      DataStream<Ingested<T>> records, DataStream<DeadLetter> refused) {}

  /**
   * One topic's ingest: rejections dead-lettered in the source's task, dedup (which judges lateness
   * first, against the job's watermark), then its watermark held while it is idle ({@link
   * HoldWatermarkWhileIdle}, chained to dedup, so no extra hop). Each step passes on what it reads,
   * so each is given the input's type: Flink cannot infer it from a type variable.
   */
  private static <T extends InputRecord> Unique<T> unique(
      DataStream<Ingested<T>> read,
      Duration dedupHorizon,
      EventTimeRules.Period lateAfter,
      String what,
      String title) {
    TypeInformation<Ingested<T>> type = read.getType();
    // at the source's parallelism, so chained to it and each reader's records reach dedup in the
    // order read. A rebalance here would deal them round robin over subtasks that each pass on
    // the reader's watermarks: when the reader wakes from idle, dedup (which leaves idle channels
    // out) takes the watermark from whichever subtask passes it on first, while records read
    // before it still wait in the other, and judges those late
    SingleOutputStreamOperator<Ingested<T>> parsed =
        read.process(AcceptParsed.keepingOrigin(), type)
            .setParallelism(read.getParallelism())
            .uid("accept-" + what)
            .name("Accept parsed " + what);
    SingleOutputStreamOperator<Ingested<T>> unique =
        parsed
            .keyBy(Deduplicate.<T>bucketOfEventId())
            .transform(
                "Drop duplicate " + what,
                type,
                Deduplicate.<T>operator(dedupHorizon.toMillis(), lateAfter))
            .uid("dedup-" + what);
    DataStream<Ingested<T>> held =
        unique
            .transform(
                title + ": watermark held when idle",
                type,
                new HoldWatermarkWhileIdle<Ingested<T>>())
            .uid(what + "-held");
    return new Unique<>(held, refused(parsed).union(refused(unique)));
  }

  /**
   * Operator instructions, for every operator that applies them. They take effect by their own
   * time, so this input takes no part in event time: it is idle, and the connected stream's
   * watermark alone decides.
   */
  static BroadcastStream<ControlRecord> instructions(DataStream<ControlRecord> control) {
    return control
        .assignTimestampsAndWatermarks(alwaysIdle())
        .name("Control: outside event time")
        .broadcast(PortUtilisationFunction.CAPACITY_CHANGES, ThresholdsInForce.CHANGES);
  }

  /** The crossings that count for utilisation and the ports' balance. */
  static DataStream<Ingested<BorderCrossing>> departures(
      DataStream<Ingested<BorderCrossing>> crossings) {
    return crossings.filter(c -> c.record().stage() == CrossingStage.DEPARTED).name("Departures");
  }

  /** Rolling 24 h port utilisation per 15-minute slot, against the capacity in force. */
  static SingleOutputStreamOperator<PortUtilisation> utilisation(
      DataStream<Ingested<BorderCrossing>> departures,
      BroadcastStream<ControlRecord> instructions) {
    return departures
        .keyBy(c -> c.record().portId())
        .connect(instructions)
        .process(new PortUtilisationFunction())
        .returns(PortUtilisation.class)
        .uid("port-utilisation")
        .name("Port utilisation, rolling 24 h");
  }

  /**
   * The trade balances: ports from crossings, lines and corridors from shipments.
   *
   * @param ports balances of ports
   * @param linesAndCorridors balances of lines and corridors
   */
  record Balances(
      SingleOutputStreamOperator<TradeBalance> ports,
      SingleOutputStreamOperator<TradeBalance> linesAndCorridors) {
    DataStream<TradeBalance> all() {
      return ports.union(linesAndCorridors);
    }
  }

  static Balances balances(
      DataStream<Ingested<BorderCrossing>> departures, DataStream<Ingested<Shipment>> shipments) {
    SingleOutputStreamOperator<TradeBalance> ports =
        balance(
            departures.map(new PortContribution()).name("Port balance contributions"),
            "port-balance",
            "Trade balance: ports");
    SingleOutputStreamOperator<TradeBalance> linesAndCorridors =
        balance(
            shipments
                .filter(s -> s.record().status() == ShipmentStatus.DEPARTED)
                .name("Shuttle departures")
                .flatMap(new LineAndCorridorContributions())
                .name("Line and corridor contributions"),
            "line-corridor-balance",
            "Trade balance: lines and corridors");
    return new Balances(ports, linesAndCorridors);
  }

  /**
   * Customs waits and queue per port from every crossing stage; its {@code CLEARANCE_BACKLOG}
   * findings leave by the side output {@link PortVisits#BACKLOG}.
   */
  static SingleOutputStreamOperator<PortWaits> waits(
      DataStream<Ingested<BorderCrossing>> crossings,
      BroadcastStream<ControlRecord> instructions,
      AlertThresholds thresholds,
      Duration maxWait) {
    // the visits apply records as the watermark passes them, so they see it at whole slots only:
    // what they then refuse as late is what every other figure's owner refuses
    return crossings
        .transform(
            "Crossings: watermark at whole slots",
            crossings.getType(),
            new WholeSlotWatermark<Ingested<BorderCrossing>>())
        .uid("port-visits-whole-slots")
        .keyBy(c -> c.record().portId())
        .connect(instructions)
        .process(new PortVisits(maxWait, thresholds))
        .returns(PortWaits.class)
        .uid("port-visits")
        .name("Customs waits and backlog per port (vehicle visits)");
  }

  /**
   * The congestion alerts and the crossings their queue detector refused as late.
   *
   * @param alerts every alert transition
   * @param lateCrossings {@code LATE} dead letters of the queue detector
   */
  record Alerts(DataStream<Alert> alerts, DataStream<DeadLetter> lateCrossings) {}

  /**
   * Sustained overload (from the utilisation readings), queue growth (from the crossings and the
   * readings) and clearance backlog (from the waits), each judged against the thresholds in force,
   * made into alert episodes.
   */
  static Alerts alerts(
      DataStream<Ingested<BorderCrossing>> crossings,
      DataStream<PortUtilisation> utilisation,
      SingleOutputStreamOperator<PortWaits> waits,
      BroadcastStream<ControlRecord> instructions,
      AlertThresholds thresholds) {
    DataStream<JudgedReading> judged =
        utilisation
            .connect(instructions)
            .process(new AttachThresholds(thresholds))
            .returns(JudgedReading.class)
            .uid("alert-thresholds")
            .name("Alert thresholds in force");
    QueueGrowth.Findings queueGrowth = QueueGrowth.signals(crossings, judged);
    DataStream<Alert> alerts =
        SustainedOverload.signals(judged.keyBy(JudgedReading::portId))
            .union(waits.getSideOutput(PortVisits.BACKLOG), queueGrowth.signals())
            .keyBy(AlertSignal::episodeKey)
            .process(new AlertEpisodes())
            .returns(Alert.class)
            .uid("alert-episodes")
            .name("Alert episodes");
    return new Alerts(alerts, queueGrowth.lateCrossings());
  }

  /** Rejected records from ingest, and {@code LATE} ones from dedup and each owner of a figure. */
  static DataStream<DeadLetter> deadLetters(
      Ingest ingest,
      SingleOutputStreamOperator<PortUtilisation> utilisation,
      Balances balances,
      DataStream<DeadLetter> lateForQueues,
      SingleOutputStreamOperator<PortWaits> waits) {
    return ingest
        .deadLetters()
        .union(
            refused(utilisation),
            refused(balances.ports()),
            refused(balances.linesAndCorridors()),
            lateForQueues,
            refused(waits));
  }

  /** The dead letters an operator sent to its side output. */
  private static DataStream<DeadLetter> refused(SingleOutputStreamOperator<?> operator) {
    return operator.getSideOutput(AcceptParsed.DEAD_LETTERS);
  }

  private static <T extends InputRecord> SingleOutputStreamOperator<TradeBalance> balance(
      DataStream<BalanceContribution<T>> contributions, String uid, String name) {
    return contributions
        .keyBy(BalanceContribution::key)
        .process(new TradeBalanceFunction<T>())
        .returns(TradeBalance.class)
        .uid(uid)
        .name(name);
  }

  /** A crossing's departure counts for its port: exports outbound, imports inbound. */
  static final class PortContribution
      implements MapFunction<Ingested<BorderCrossing>, BalanceContribution<BorderCrossing>> {
    private static final long serialVersionUID = 1L;

    @Override
    public BalanceContribution<BorderCrossing> map(Ingested<BorderCrossing> departure) {
      BorderCrossing c = departure.record();
      return new BalanceContribution<>(
          BalanceLevel.PORT,
          c.portId(),
          c.eventTimeMillis(),
          c.direction() == CrossingDirection.EXPORT,
          c.direction() == CrossingDirection.IMPORT && !c.laden(),
          departure);
    }
  }

  /** A shuttle departure counts for its line and for the corridor the line belongs to. */
  static final class LineAndCorridorContributions
      implements FlatMapFunction<Ingested<Shipment>, BalanceContribution<Shipment>> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(Ingested<Shipment> in, Collector<BalanceContribution<Shipment>> out) {
      Shipment s = in.record();
      boolean outbound = s.direction() == ShipmentDirection.OUTBOUND;
      boolean emptyInbound = !outbound && !s.laden();
      out.collect(
          new BalanceContribution<>(
              BalanceLevel.LINE, s.lineId(), s.eventTimeMillis(), outbound, emptyInbound, in));
      CorridorCatalogue.standard()
          .corridorOf(s.lineId())
          .ifPresent(
              corridor ->
                  out.collect(
                      new BalanceContribution<>(
                          BalanceLevel.CORRIDOR,
                          corridor.id(),
                          s.eventTimeMillis(),
                          outbound,
                          emptyInbound,
                          in)));
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
