package org.corridorwatch.jobs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.corridorwatch.cli.CommandFailure;
import org.corridorwatch.cli.CommandLines;
import org.corridorwatch.cli.KafkaConnectionOptions;
import org.corridorwatch.jobs.ingest.IngestDeserializer;
import org.corridorwatch.jobs.ingest.Ingested;
import org.corridorwatch.jobs.ingest.InputKind;
import org.corridorwatch.jobs.ingest.ReadToEndIdleness;
import org.corridorwatch.jobs.ingest.SlotWatermarks;
import org.corridorwatch.jobs.ingest.SplitTrackingSource;
import org.corridorwatch.jobs.sink.ContractRecordSerializer;
import org.corridorwatch.metrics.LoopbackPrometheusReporterFactory;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.DeadLetter;
import org.corridorwatch.model.InputRecord;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.PortWaits;
import org.corridorwatch.model.TradeBalance;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.model.kafka.ContractTopics;
import org.corridorwatch.model.kafka.InputTopics;
import org.corridorwatch.model.kafka.OutputTopics;
import org.corridorwatch.model.kafka.TopicCreationOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The entry point of {@code corridor-analytics}: wires Kafka sources and exactly-once sinks to
 * {@link AnalyticsPipeline} and runs it, on a cluster when submitted to one, else on an embedded
 * mini-cluster. The pipeline itself never sees Kafka: the sources' parts are in {@code ingest/}
 * (the split-tracking source, its deserializer and its end-offset probe) and the sinks' serializer
 * in {@code sink/}; this class puts them together and owns the client settings.
 */
@Command(
    name = "corridor-analytics",
    version = "corridor-analytics 0.1.0",
    description = {
      "The Flink job of corridor-watch. Reads border crossings, shipments and control records from"
          + " Kafka and writes rolling port utilisation, trade balances, customs waits, congestion"
          + " alerts and dead letters, exactly once, as wire contract v1 (docs/contract.md) says."
    })
public final class CorridorAnalyticsJob implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(CorridorAnalyticsJob.class);

  /** The job's name on the cluster. */
  public static final String JOB_NAME = "corridor-analytics";

  /** The name of the Prometheus reporter in the embedded mini-cluster's configuration. */
  public static final String METRICS_REPORTER = "prom";

  @Mixin AnalyticsOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    options.requireValid(spec);
    Properties client = clientProperties(options);
    Map<String, Integer> partitions = prepareTopics(options, client);
    StreamExecutionEnvironment env = environment(options);
    wire(env, options, client, partitions);
    LOG.info(
        "starting {}: {} -> {}, checkpoints every {}",
        JOB_NAME,
        options.inputTopics.topics().all(),
        options.outputTopics.topics().all(),
        options.delivery.checkpointInterval);
    env.execute(JOB_NAME);
    return 0;
  }

  /** Parses the job's arguments; a bad option throws picocli's ParameterException. */
  public static AnalyticsOptions parse(String... args) {
    CorridorAnalyticsJob job = new CorridorAnalyticsJob();
    CommandLines.create(job).parseArgs(args);
    return job.options;
  }

  /**
   * Job-level settings: exactly-once checkpoints kept on cancel, restarts, no Kryo; for an embedded
   * mini-cluster also its listen address and, with {@code --metrics-port}, a Prometheus reporter.
   */
  public static Configuration configuration(AnalyticsOptions options) {
    Configuration conf = new Configuration();
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, options.delivery.checkpointInterval);
    conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    if (options.delivery.checkpointDir != null) {
      conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, options.delivery.checkpointDir);
    }
    conf.set(ExecutionOptions.BUFFER_TIMEOUT, options.delivery.bufferTimeout);
    // Compressed snapshots restore in a second, not ten: the heap backend reads a snapshot file of
    // the filesystem storage through an unbuffered stream, one read call per byte of every string
    // (dedup's 739 KB of event ids took 11 s after a TaskManager kill), while Snappy's framed
    // stream reads it in blocks. Snapshots also get smaller; older uncompressed ones still restore.
    conf.set(ExecutionOptions.SNAPSHOT_COMPRESSION, true);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
    // every record type is a POJO; a type that would need Kryo fails at build time instead
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    // every record type is an immutable Java record and no function keeps or changes its input,
    // so chained operators may hand records on without a defensive copy (a serializer copy each)
    conf.set(PipelineOptions.OBJECT_REUSE, true);
    // an embedded mini-cluster listens on loopback only; a real cluster keeps its own settings
    loopback(conf, options.localRun.localBindAddress);
    conf.set(RestOptions.BIND_PORT, Integer.toString(options.localRun.localWebPort));
    if (options.localRun.metricsPort != null) {
      // the same host as every other endpoint of the mini-cluster: loopback unless told otherwise
      LoopbackPrometheusReporterFactory.configure(
          conf, METRICS_REPORTER, options.localRun.localBindAddress, options.localRun.metricsPort);
    }
    return conf;
  }

  /** The environment the job runs in: its configuration, and its parallelism when given. */
  public static StreamExecutionEnvironment environment(AnalyticsOptions options) {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(configuration(options));
    if (options.localRun.parallelism != null) {
      env.setParallelism(options.localRun.parallelism);
    }
    return env;
  }

  /** Binds every endpoint of an embedded mini-cluster (RPC, blob server, REST) to {@code host}. */
  public static void loopback(Configuration conf, String host) {
    conf.set(JobManagerOptions.ADDRESS, host);
    conf.set(JobManagerOptions.BIND_HOST, host);
    conf.set(TaskManagerOptions.HOST, host);
    conf.set(TaskManagerOptions.BIND_HOST, host);
    conf.set(RestOptions.ADDRESS, host);
    conf.set(RestOptions.BIND_ADDRESS, host);
  }

  /**
   * Client properties: the properties file, then the brokers (see {@link KafkaConnectionOptions}),
   * with two defaults of the job's own that the file may override. Each client's metrics reach
   * Flink's metric system from the client itself, so the job needs neither Kafka's JMX beans
   * ({@code metric.reporters}) nor pushing them to the broker ({@code enable.metrics.push}). Both
   * cost most at the worst moment: after a restore every source and sink builds its clients anew,
   * all at once, and each client would register every one of its metrics with JMX and load the
   * telemetry classes while the job is down.
   */
  public static Properties clientProperties(AnalyticsOptions options) {
    Properties client = options.kafka.clientProperties();
    client.putIfAbsent(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, "");
    client.putIfAbsent(CommonClientConfigs.ENABLE_METRICS_PUSH_CONFIG, "false");
    return client;
  }

  /**
   * Connects, creates missing topics, waits until every partition is served, and returns the
   * partition count of each input topic.
   */
  public static Map<String, Integer> prepareTopics(AnalyticsOptions options, Properties client) {
    TopicCreationOptions creation = options.topicCreation;
    List<String> inputs = options.inputTopics.topics().all();
    List<String> all = new ArrayList<>(inputs);
    all.addAll(options.outputTopics.topics().all());
    try (Admin admin = Admin.create(creation.adminClient(client))) {
      String cluster =
          ContractTopics.clusterId(
              admin, options.kafka.bootstrapServers(), creation.connectTimeout());
      LOG.info("Kafka cluster {} at {}", cluster, options.kafka.bootstrapServers());
      ContractTopics.ensure(
          admin,
          all,
          options.outputTopics.topics().keptForEver(),
          creation.partitions(),
          creation.replicationFactor(),
          creation.connectTimeout());
      Map<String, Integer> partitions = new HashMap<>();
      for (TopicDescription d :
          admin
              .describeTopics(inputs)
              .allTopicNames()
              .get(creation.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
              .values()) {
        partitions.put(d.name(), d.partitions().size());
      }
      return partitions;
    } catch (ContractTopics.KafkaUnavailableException e) {
      throw new CommandFailure(e.getMessage(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new CommandFailure("cannot describe the input topics: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailure("interrupted while preparing topics", e);
    }
  }

  /**
   * Adds the job to {@code env}: Kafka sources, the pipeline, exactly-once Kafka sinks.
   *
   * @param partitions partitions per input topic: a source never runs more readers than that, since
   *     a reader without a partition would only add a channel that must be declared idle
   */
  public static void wire(
      StreamExecutionEnvironment env,
      AnalyticsOptions options,
      Properties client,
      Map<String, Integer> partitions) {
    if (options.localRun.parallelism != null) {
      env.setParallelism(options.localRun.parallelism);
    }
    AnalyticsPipeline.Inputs inputs = inputs(env, options, client, partitions);
    AnalyticsPipeline.Outputs outputs =
        AnalyticsPipeline.build(
            inputs,
            options.eventTime.dedupHorizon,
            options.alertThresholds(),
            options.alerts.maxWait);
    OutputTopics topics = options.outputTopics.topics();
    writeTo(
        outputs.utilisation(),
        options,
        client,
        ContractRecordSerializer.<PortUtilisation>forTopic(topics.utilisation())
            .keyText(PortUtilisation::portId)
            .value(CorridorCodec::write)
            .build(),
        "utilisation");
    writeTo(
        outputs.balances(),
        options,
        client,
        ContractRecordSerializer.<TradeBalance>forTopic(topics.balance())
            .keyText(TradeBalance::key)
            .value(CorridorCodec::write)
            .build(),
        "balance");
    writeTo(
        outputs.deadLetters(),
        options,
        client,
        // the original key, byte for byte, so a dead letter lands where its record would have
        ContractRecordSerializer.<DeadLetter>forTopic(topics.deadLetters())
            .key(DeadLetter::key)
            .value(CorridorCodec::write)
            .build(),
        "dead-letters");
    writeTo(
        outputs.alerts(),
        options,
        client,
        ContractRecordSerializer.<Alert>forTopic(topics.alerts())
            .keyText(Alert::subject)
            .value(CorridorCodec::write)
            .build(),
        "alerts");
    writeTo(
        outputs.waits(),
        options,
        client,
        ContractRecordSerializer.<PortWaits>forTopic(topics.portWaits())
            .keyText(PortWaits::portId)
            .value(CorridorCodec::write)
            .build(),
        "port-waits");
  }

  /**
   * The job's three Kafka sources, each with its watermarks: what the pipeline reads, and what the
   * pass-through baseline of the Kafka benchmark reads too, so the two are measured on one footing.
   */
  public static AnalyticsPipeline.Inputs inputs(
      StreamExecutionEnvironment env,
      AnalyticsOptions options,
      Properties client,
      Map<String, Integer> partitions) {
    InputTopics topics = options.inputTopics.topics();
    return new AnalyticsPipeline.Inputs(
        source(
            env,
            options,
            client,
            partitions,
            topics.crossings(),
            InputKind.CROSSINGS,
            watermarks(options, client, topics.crossings())),
        source(
            env,
            options,
            client,
            partitions,
            topics.shipments(),
            InputKind.SHIPMENTS,
            watermarks(options, client, topics.shipments())),
        // control records take no part in event time (the pipeline declares them idle), so
        // their source needs no idleness and no probe of the broker
        source(
            env,
            options,
            client,
            partitions,
            topics.control(),
            InputKind.CONTROL,
            SlotWatermarks.withoutIdleness(
                options.eventTime.outOfOrderness, options.eventTime.maxWatermarkJump)));
  }

  /** An exactly-once Kafka sink for one output, with a stable uid. */
  private static <T> void writeTo(
      DataStream<T> output,
      AnalyticsOptions options,
      Properties client,
      ContractRecordSerializer<T> serializer,
      String name) {
    output
        .sinkTo(sink(options, client, serializer, name))
        .uid("sink-" + name)
        .name("Kafka: " + serializer.topic());
  }

  /**
   * The watermarks of one input topic. A bounded run needs no idleness: each split ends when read
   * to its stopping offset and stops holding then. A running job decides idleness by lag.
   */
  private static <T extends InputRecord> WatermarkStrategy<Ingested<T>> watermarks(
      AnalyticsOptions options, Properties client, String topic) {
    if (options.localRun.bounded) {
      return SlotWatermarks.withoutIdleness(
          options.eventTime.outOfOrderness, options.eventTime.maxWatermarkJump);
    }
    Map<String, String> probeClient = new HashMap<>();
    client.stringPropertyNames().forEach(k -> probeClient.put(k, client.getProperty(k)));
    return ReadToEndIdleness.strategy(
        options.eventTime.outOfOrderness,
        options.eventTime.idleness,
        options.eventTime.maxWatermarkJump,
        topic,
        probeClient);
  }

  private static <T extends InputRecord> DataStream<Ingested<T>> source(
      StreamExecutionEnvironment env,
      AnalyticsOptions options,
      Properties client,
      Map<String, Integer> partitions,
      String topic,
      InputKind<T> kind,
      WatermarkStrategy<Ingested<T>> watermarks) {
    var builder =
        KafkaSource.<Ingested<T>>builder()
            .setProperties(client)
            // committed records only, whatever the client settings say: a producer upstream that
            // writes in transactions and aborts one (an exactly-once job restarting) has written
            // records that never happened; the end-offset probe reads the same way
            .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
            .setBootstrapServers(options.kafka.bootstrapServers())
            .setTopics(topic)
            .setGroupId(options.delivery.groupId)
            // first start: everything; afterwards the checkpoint's offsets win
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setDeserializer(new IngestDeserializer<>(kind));
    if (options.localRun.bounded) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    int readers =
        Math.max(
            1,
            Math.min(env.getParallelism(), partitions.getOrDefault(topic, env.getParallelism())));
    // the split-tracking wrapper tells the watermark generators which partitions the reader has
    return env.fromSource(
            new SplitTrackingSource<>(builder.build(), topic), watermarks, "Kafka: " + topic)
        .uid("source-" + kind.kind().name().toLowerCase().replace('_', '-'))
        .setParallelism(readers);
  }

  /**
   * The job's exactly-once Kafka sink for one output; {@code name} makes its transactional ids its
   * own.
   */
  public static <T> KafkaSink<T> sink(
      AnalyticsOptions options,
      Properties client,
      KafkaRecordSerializationSchema<T> serializer,
      String name) {
    Properties producer = new Properties();
    producer.putAll(client);
    // must be below the broker's transaction.max.timeout.ms; the sink's own default is not
    producer.put(
        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
        (int) options.delivery.transactionTimeout.toMillis());
    return KafkaSink.<T>builder()
        .setBootstrapServers(options.kafka.bootstrapServers())
        .setKafkaProducerConfig(producer)
        .setRecordSerializer(serializer)
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(options.delivery.transactionalIdPrefix + "-" + name)
        .build();
  }

  public static void main(String[] args) {
    System.exit(CommandLines.run(new CorridorAnalyticsJob(), args));
  }
}
