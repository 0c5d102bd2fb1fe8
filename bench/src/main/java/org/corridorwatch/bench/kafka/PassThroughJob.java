package org.corridorwatch.bench.kafka;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.corridorwatch.cli.CommandLines;
import org.corridorwatch.jobs.AnalyticsOptions;
import org.corridorwatch.jobs.AnalyticsPipeline;
import org.corridorwatch.jobs.CorridorAnalyticsJob;
import org.corridorwatch.jobs.ingest.Ingested;
import org.corridorwatch.model.InputRecord;
import org.corridorwatch.model.kafka.ContractTopics;
import org.corridorwatch.model.kafka.TopicCreationOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The baseline of P4: a Flink job that does what corridor-analytics must do at the least and
 * nothing else. It reads the same input topics with the job's own sources (the split-tracking Kafka
 * source, the contract parser, the same watermarks), under the job's own configuration
 * (exactly-once checkpoints at the same interval, object reuse, no Kryo), and writes every record
 * it read, with its original key and bytes, through the job's own exactly-once Kafka sink to one
 * topic. So the job's rate divided by this one's is the share of the achievable rate the analytics
 * keep, on this machine and in this run, whatever the machine.
 */
@Command(
    name = "pass-through",
    description =
        "Reads corridor-analytics's input topics with its sources and writes every record, as"
            + " read, to one topic with its exactly-once sink: the baseline of the Kafka"
            + " benchmark. Takes every option of the job; only --topic-out is its own.")
public final class PassThroughJob implements Callable<Integer> {
  static final String JOB_NAME = "corridor-pass-through";

  @Mixin AnalyticsOptions options;

  @Option(
      names = "--topic-out",
      defaultValue = "bench.pass-through",
      description = "Where every record read is written. Default: ${DEFAULT-VALUE}.")
  String topicOut;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    options.requireValid(spec);
    Properties client = CorridorAnalyticsJob.clientProperties(options);
    Map<String, Integer> partitions = CorridorAnalyticsJob.prepareTopics(options, client);
    ensureOutput(client, partitions);
    StreamExecutionEnvironment env = CorridorAnalyticsJob.environment(options);
    AnalyticsPipeline.Inputs in = CorridorAnalyticsJob.inputs(env, options, client, partitions);
    // the inputs differ in type once parsed; their origin and bytes are all this job writes
    DataStream<AsRead> everything =
        asRead(in.crossings()).union(asRead(in.shipments()), asRead(in.control()));
    everything
        .sinkTo(CorridorAnalyticsJob.sink(options, client, asRead(topicOut), "pass-through"))
        .uid("sink-pass-through")
        .name("Kafka: " + topicOut);
    env.execute(JOB_NAME);
    return 0;
  }

  /**
   * The output topic, with as many partitions as the crossings topic it mostly copies, ready in
   * every partition before the sink writes (as the job's own outputs are).
   */
  private void ensureOutput(Properties client, Map<String, Integer> partitions) {
    TopicCreationOptions creation = options.topicCreation();
    int count = partitions.values().stream().mapToInt(Integer::intValue).max().orElse(1);
    try (Admin admin = Admin.create(creation.adminClient(client))) {
      ContractTopics.ensure(
          admin,
          List.of(topicOut),
          List.of(),
          count,
          creation.replicationFactor(),
          creation.connectTimeout());
    }
  }

  /**
   * A record's key and value bytes as read, whatever its type.
   *
   * @param key the key bytes, or null
   * @param value the value bytes, or null for a tombstone
   */
  public record AsRead(byte[] key, byte[] value) {}

  private static <T extends InputRecord> DataStream<AsRead> asRead(DataStream<Ingested<T>> in) {
    return in.map(new KeepBytes<T>()).name("As read");
  }

  /** Keeps a record's bytes alone. */
  private static final class KeepBytes<T extends InputRecord>
      implements MapFunction<Ingested<T>, AsRead> {
    private static final long serialVersionUID = 1L;

    @Override
    public AsRead map(Ingested<T> in) {
      return new AsRead(in.key(), in.value());
    }
  }

  /** Each record with the key and value bytes it was read with; a tombstone stays one. */
  static KafkaRecordSerializationSchema<AsRead> asRead(String topic) {
    return (record, context, timestamp) ->
        new ProducerRecord<>(topic, null, timestamp, record.key(), record.value());
  }

  public static void main(String[] args) {
    System.exit(CommandLines.run(new PassThroughJob(), args));
  }
}
