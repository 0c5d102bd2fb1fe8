package org.corridorwatch.bench.pipeline;

import java.time.Duration;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.corridorwatch.jobs.AnalyticsPipeline;
import org.corridorwatch.jobs.ingest.Ingested;
import org.corridorwatch.jobs.ingest.InputKind;
import org.corridorwatch.model.AlertThresholds;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.InputRecord;
import org.corridorwatch.model.Shipment;
import org.corridorwatch.model.Topics;

/**
 * P1, the pipeline's cost: the whole analytics graph of {@code corridor-analytics} (parse, dedup,
 * utilisation, balance, CEP alerts) from in-memory wire bytes to discarding sinks, against a
 * parse-only pass-through of the same bytes. Their ratio is the share of the parser's rate the
 * analytics keep.
 */
final class PipelineCost {
  static final String CROSSINGS = "crossing-bytes";
  static final String SHIPMENTS = "shipment-bytes";

  /** The job's default {@code --dedup-horizon}. */
  private static final Duration DEDUP_HORIZON = Duration.ofHours(24);

  /** The job's default {@code --max-wait}. */
  private static final Duration MAX_WAIT = Duration.ofHours(48);

  private PipelineCost() {}

  static void hold(BenchInput input) {
    HeldInput.hold(CROSSINGS, input.crossings());
    HeldInput.hold(SHIPMENTS, input.shipments());
  }

  /** Only what the job's sources do: parse every record and assign its watermark. */
  static void parseOnly(StreamExecutionEnvironment env) {
    // the inputs differ in type once parsed, so each has its own discarding sink
    crossings(env).sinkTo(new DiscardingSink<>()).name("Discard crossings");
    shipments(env).sinkTo(new DiscardingSink<>()).name("Discard shipments");
  }

  /**
   * The real graph, as {@code CorridorAnalyticsJob.wire} builds it, with the job's default options.
   * No control records: the control input is an empty stream, as on a quiet control topic.
   */
  static AnalyticsPipeline.Outputs fullPipeline(StreamExecutionEnvironment env) {
    DataStream<Ingested<BorderCrossing>> crossings = crossings(env);
    return discarded(
        new AnalyticsPipeline.Inputs(
            crossings, shipments(env), none(crossings, InputKind.CONTROL)));
  }

  /** The job's graph over {@code inputs} with its default options, every output discarded. */
  static AnalyticsPipeline.Outputs discarded(AnalyticsPipeline.Inputs inputs) {
    AnalyticsPipeline.Outputs outputs =
        AnalyticsPipeline.build(inputs, DEDUP_HORIZON, AlertThresholds.defaults(), MAX_WAIT);
    outputs.utilisation().sinkTo(new DiscardingSink<>()).name("Discard utilisation");
    outputs.balances().sinkTo(new DiscardingSink<>()).name("Discard balances");
    outputs.deadLetters().sinkTo(new DiscardingSink<>()).name("Discard dead letters");
    outputs.alerts().sinkTo(new DiscardingSink<>()).name("Discard alerts");
    outputs.waits().sinkTo(new DiscardingSink<>()).name("Discard waits");
    return outputs;
  }

  private static DataStream<Ingested<BorderCrossing>> crossings(StreamExecutionEnvironment env) {
    return InMemorySources.parsed(env, CROSSINGS, Topics.BORDER_CROSSINGS, InputKind.CROSSINGS);
  }

  private static DataStream<Ingested<Shipment>> shipments(StreamExecutionEnvironment env) {
    return InMemorySources.parsed(env, SHIPMENTS, Topics.SHIPMENTS, InputKind.SHIPMENTS);
  }

  /**
   * An empty input of {@code kind}, such as the control input. The pipeline makes its control
   * stream idle, so its watermarks do not matter; an operator on another input that passes nothing
   * is the cheapest empty stream a bounded job can have.
   */
  static <T extends InputRecord> DataStream<Ingested<T>> none(
      DataStream<?> any, InputKind<T> kind) {
    return any.flatMap(new Nothing<>(), kind.type()).name("No " + kind + " records");
  }

  /** Passes nothing on, whatever it reads. */
  private static final class Nothing<IN, OUT> implements FlatMapFunction<IN, OUT> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(IN in, Collector<OUT> out) {}
  }
}
